/**
 * Domain events shared by the renderer golden tests and the bus tests. `vmBackupCreated` is the
 * seed's VM_BACKUP_CREATED escEvent (SNAP-7) expressed as a DomainEvent.
 */
import type { DomainEvent } from '../../domain/event.ts';

export const vmBackupCreated: DomainEvent = {
  id: 'evt-7f3a0c1e-backup-created',
  seq: 42,
  time: '2021-09-14T12:18:39.836Z',
  type: 'VM_BACKUP_CREATED',
  status: 'SUCCESS',
  statusCode: 202,
  statusMessage: 'Snapshot is now active.',
  operationId: '5acac790-9213-45c0-8fde-9dd7d3111fdb',
  deploymentName: 'snapshot-deployment-name',
  tenant: 'snapshot-tenant',
  tenantId: '7d61b5de73874f88a458d486759a9b83',
  deploymentId: 'ae0bea05-9630-4d17-a9e7-926f1f625dc7',
  vmGroup: 'snapshot-group',
  vmSource: {
    vmId: '1773914c-20cd-4f50-b337-1e46be2cf295',
    vmName: 'new-deployment-n_new-gr_0_af0148e2-e74c-4be7-b8c1-49bd53def6ba',
    generatedName: 'new-deployment-n_new-gr_0_af0148e2-e74c-4be7-b8c1-49bd53def6ba',
    vimId: 'default_openstack_vim',
    vimProject: 'snapshot-tenant',
    vimProjectId: '7d61b5de73874f88a458d486759a9b83',
    hostId: '95503baadecce2d33e5d924322390aee9d30c6ed24043284bf46984',
    hostname: 'pf-ucs-27',
    interfaces: [],
  },
};

export const vmAliveWithInterfaces: DomainEvent = {
  id: 'evt-vm-alive-1',
  seq: 7,
  time: '2026-01-01T10:00:05.000Z',
  type: 'VM_ALIVE',
  status: 'SUCCESS',
  statusCode: 200,
  statusMessage: 'VM_Alive event received, VM ID: [dep-a_grp_0_1b2c]',
  operationId: 'op-deploy-1',
  deploymentName: 'dep-a',
  tenant: 'tenant-a',
  tenantId: 'a1b2c3',
  deploymentId: 'dep-a-id',
  vmGroup: 'grp',
  vmSource: {
    vmId: '0c8e7d8a-2f3b-4e55-9a57-0d8f3c9b1a11',
    vmName: 'dep-a_grp_0_1b2c',
    generatedName: 'dep-a_grp_0_1b2c',
    vimId: 'default_openstack_vim',
    vimProject: 'tenant-a',
    vimProjectId: 'a1b2c3',
    hostId: 'host-hash-1',
    hostname: 'compute-1',
    interfaces: [
      {
        nicid: 0,
        type: 'virtual',
        portId: 'port-0',
        network: 'net-mgmt',
        subnet: 'sub-mgmt',
        ipAddress: '10.0.0.5',
        macAddress: 'fa:16:3e:00:00:05',
        netmask: '255.255.255.0',
        gateway: '10.0.0.1',
      },
      { nicid: 1, type: 'virtual', portId: 'port-1', network: 'net-data', ipAddress: '192.168.1.9' },
    ],
  },
};

export const serviceAliveFailure: DomainEvent = {
  id: 'evt-service-alive-failed',
  time: '2026-01-01T10:20:00.000Z',
  type: 'SERVICE_ALIVE',
  status: 'FAILURE',
  statusCode: 500,
  statusMessage: 'Deployment failed: image "<none>" & flavor not found',
  operationId: 'op-deploy-2',
  deploymentName: 'dep-b',
  tenant: 'tenant-a',
  deploymentId: 'dep-b-id',
};

/** SNAP-6: the other backup events of the seed's snapshot, in the shape of its VM_BACKUP_CREATED. */
export const vmBackupInit: DomainEvent = {
  ...vmBackupCreated,
  id: 'evt-7f3a0c1e-backup-init',
  seq: 41,
  type: 'VM_BACKUP_INIT',
  statusCode: 200,
  statusMessage: 'Snapshot request for VM [new-deployment-n_new-gr_0_af0148e2-e74c-4be7-b8c1-49bd53def6ba] accepted.',
};

export const vmBackupComplete: DomainEvent = {
  ...vmBackupCreated,
  id: 'evt-7f3a0c1e-backup-complete',
  seq: 43,
  type: 'VM_BACKUP_COMPLETE',
  statusCode: 200,
  statusMessage: 'Snapshot image for VM [new-deployment-n_new-gr_0_af0148e2-e74c-4be7-b8c1-49bd53def6ba] is active.',
};

export const vmBackupCompleteFailure: DomainEvent = {
  ...vmBackupCreated,
  id: 'evt-7f3a0c1e-backup-failed',
  seq: 43,
  type: 'VM_BACKUP_COMPLETE',
  status: 'FAILURE',
  statusCode: 500,
  statusMessage: 'timed out waiting for image my-snapshot-name (c8846c14-48e4-45db-88a0-f838fc3ac29d) to become active (vim.asyncpoller.snapshot.create.timeout.mins=20)',
};

/** SNAP-10 after an undeploy: the VM named from the snapshot's own copies (no interfaces kept). */
export const vmSnapshotDeleted: DomainEvent = {
  ...vmBackupCreated,
  id: 'evt-2ffadd36-snapshot-deleted',
  seq: 50,
  type: 'VM_SNAPSHOT_DELETED',
  statusCode: 200,
  statusMessage: 'Snapshot image [2ffadd36-3b41-4c13-a9d6-a48c07764d1a] has been deleted.',
  operationId: '6b1e2f7a-0c4d-4e8b-9a51-2d3c4b5a6f70',
};

export const samples = {
  vmBackupCreated, vmAliveWithInterfaces, serviceAliveFailure, vmBackupInit, vmBackupComplete, vmBackupCompleteFailure, vmSnapshotDeleted,
} as const;

/** REST-5: the seed's VM_VOLUME_CREATED_EVENT sample as a DomainEvent (REST-only, no VM). */
export const vmVolumeCreated: DomainEvent = {
  id: 'de9440c0-1342-441d-a16e-5c8267231ae5',
  seq: 51,
  time: '2021-09-20T08:40:12.518Z',
  type: 'VM_VOLUME_CREATED_EVENT',
  status: 'SUCCESS',
  statusCode: 201,
  statusMessage: 'Create volume snapshot request completed',
  operationId: '5acac790-9213-45c0-8fde-9dd7d3111fdb',
  tenant: 'dave-2000',
  tenantId: '7d61b5de73874f88a458d486759a9b83',
  volume: {
    id: 'c3cd5d13-63bf-49f0-b864-df3bc024d5e4', name: 'daves-ooband-bootable-volume-for-restore', sizeGiB: 2, volumeType: 'LVM',
    bootable: true, multiattach: false,
  },
  restOnly: true,
};

/** REST-5 failure: the reason as the message, the volume as far as it is known. */
export const vmVolumeCreatedFailure: DomainEvent = {
  ...vmVolumeCreated,
  id: 'evt-volume-created-failure',
  status: 'FAILURE',
  statusCode: 500,
  statusMessage: 'volume my-volume (c3cd5d13-63bf-49f0-b864-df3bc024d5e4) went to error',
  volume: { id: 'c3cd5d13-63bf-49f0-b864-df3bc024d5e4', name: 'my-volume', bootable: true, multiattach: true },
};

/** Events only the REST side renders (REST-5): no escEvent golden file. */
export const restOnlySamples = { vmVolumeCreated, vmVolumeCreatedFailure } as const;
