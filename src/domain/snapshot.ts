/**
 * A VM snapshot (SNAP-1..12): an image on the VIM made from one of our VMs by Nova's createImage,
 * and, for a VM booted from volumes, the Cinder snapshots Nova made with it (SNAP-12: named
 * `snapshot for <name>`). A snapshot outlives the deployment it came from, so its record keeps
 * its own copies of what names the VM (tenant, project, deployment, VM, server, VIM): no foreign
 * key to a deployment or VM. Pure: no I/O.
 */
import type { Deployment, Tenant, Vm } from './entities.ts';
import type { VmRef } from './event.ts';
import { ownNameCharacterProblem } from './limits.ts';
import { vmPlacementOf } from './vm-ref.ts';

/** `available` is the source's word for a finished snapshot (SNAP-8). */
export const snapshotStatuses = ['creating', 'available', 'error', 'deleting', 'exporting'] as const;
export type SnapshotStatus = (typeof snapshotStatuses)[number];

/** SNAP-4: a snapshot name is 1 to 255 characters; names need not be unique. */
export const snapshotNameMaxLength = 255;

export interface VolumeSnapshotRecord {
  /** Cinder snapshot id. */
  id: string;
  /** The volume it was taken of. */
  volumeId: string;
  name: string;
}

export interface Snapshot {
  /** Our id (uuid), unique; the name need not be (SNAP-4). */
  id: string;
  name: string;
  status: SnapshotStatus;
  statusMessage: string;
  /** ISO times: when the request was accepted, and when the snapshot became available. */
  creationStart: string;
  creationEnd?: string;
  /** The operation acting on the snapshot now or last (create, then delete). */
  operationId: string;

  // Copies of the VM it came from, kept after an undeploy (SNAP-9 deletes them then too).
  tenant: string;
  /** The tenant's VIM project (`tenant_id`, `vim_project_id`) and its name. */
  vimProjectId?: string;
  vimProject?: string;
  deploymentName: string;
  deploymentId: string;
  vmGroup: string;
  /** The generated VM name (`created_from_generated_vm_name`). */
  vmName: string;
  /** The server's name on the VIM. */
  vimVmName: string;
  /** Our record id of the VM. */
  vmId: string;
  serverId: string;
  hostId?: string;
  hostname?: string;
  /** VIM connector id (`vim_id`). */
  vimConnector: string;
  /** The project VIM calls act in; absent: the connector's own project (a tenant without VIM mapping). */
  scopeProjectId?: string;

  /** Glance image id, once Nova answered createImage. */
  imageId?: string;
  /** The Cinder snapshots Nova made with the image (SNAP-12), once known. */
  volumeSnapshots: VolumeSnapshotRecord[];
  /**
   * Volumes we made that an undeploy left on the VIM because this snapshot's volume snapshots
   * hold them (Cinder refuses to delete a volume that has snapshots, SNAP-9); the delete of the
   * last snapshot holding one deletes it.
   */
  heldVolumeIds?: string[];
  /**
   * The XML document vmBackupAction sent with the backup (SNAP-5 [I]), as text, well-formed and
   * bounded by `rest.body.limit.bytes`; an EXPORT writes it into the manifest. Not in the list.
   */
  xmlFile?: string;
}

/** Why `name` cannot name a snapshot, or undefined when it can (SNAP-4). */
export const snapshotNameProblem = (name: string): string | undefined => nameProblem(name);

/** Why `name` is not 1 to 255 characters without control characters or `/` (SNAP-4, and a volume's name, REST-4), or undefined. */
export function nameProblem(name: string): string | undefined {
  const length = [...name].length;
  if (length === 0) return 'is empty';
  if (length > snapshotNameMaxLength) return `has ${length} characters (at most ${snapshotNameMaxLength})`;
  return ownNameCharacterProblem(name);
}

/**
 * The record of a snapshot just accepted (status `creating`), with its own copies of what names
 * the VM. `scopeProjectId` is the project VIM calls act in (the tenant's, or the connector's own).
 */
export function newSnapshotRecord(o: {
  id: string;
  name: string;
  tenant: Tenant;
  deployment: Deployment;
  vm: Vm & { serverId: string };
  /** The accepted operation that makes it. */
  operation: { id: string; createdAt: string };
  scopeProjectId: string | undefined;
  xmlFile?: string;
}): Snapshot {
  const { tenant, deployment, vm } = o;
  const where = vmPlacementOf(tenant, deployment.vimConnector);
  return {
    id: o.id,
    name: o.name,
    status: 'creating',
    statusMessage: `Snapshot request for VM [${vm.name}] accepted.`,
    creationStart: o.operation.createdAt,
    operationId: o.operation.id,
    ...(o.xmlFile === undefined ? {} : { xmlFile: o.xmlFile }),
    tenant: tenant.name,
    vimProjectId: where.vimProjectId,
    vimProject: where.vimProject,
    deploymentName: deployment.name,
    deploymentId: deployment.id,
    vmGroup: vm.group,
    vmName: vm.name,
    vimVmName: vm.vimName,
    vmId: vm.id,
    serverId: vm.serverId,
    hostId: vm.hostId,
    hostname: vm.hostname,
    vimConnector: deployment.vimConnector,
    scopeProjectId: o.scopeProjectId,
    volumeSnapshots: [],
  };
}

/**
 * A VM (or a group's spec) booted from a volume — a bootable volume at boot index 0: Nova builds its
 * server with no image, and Nova's image of it holds no data, only the Cinder snapshots, so it
 * cannot be exported (SNAP-5).
 */
export const bootsFromVolume = (vm: { volumes: readonly { bootable?: boolean; bootIndex?: number }[] }): boolean =>
  vm.volumes.some((v) => v.bootable && (v.bootIndex ?? 0) === 0);

/** SNAP-12: the name Nova gives each Cinder snapshot it takes for an image snapshot. */
export const volumeSnapshotName = (snapshotName: string): string => `snapshot for ${snapshotName}`;

/**
 * The VM a snapshot came from as events name it (`vm_source`, SNAP-7), from the snapshot's own
 * copies: used once the VM itself is gone (interfaces are not kept).
 */
export function snapshotVmRef(s: Snapshot): VmRef {
  return {
    vmId: s.serverId,
    vmName: s.vimVmName,
    generatedName: s.vmName,
    vimId: s.vimConnector,
    vimProject: s.vimProject,
    vimProjectId: s.vimProjectId,
    hostId: s.hostId,
    hostname: s.hostname,
    interfaces: [],
  };
}

/** The snapshots whose volume snapshots were taken of `volumeId`. */
export const snapshotsOfVolume = (snapshots: Snapshot[], volumeId: string): Snapshot[] =>
  snapshots.filter((s) => s.volumeSnapshots.some((v) => v.volumeId === volumeId));

/** The volumes `s` holds that no other snapshot holds: its delete deletes them. */
export function volumesReleasedBy(s: Snapshot, others: Snapshot[]): string[] {
  const heldElsewhere = new Set(others.filter((o) => o.id !== s.id).flatMap((o) => o.heldVolumeIds ?? []));
  return (s.heldVolumeIds ?? []).filter((id) => !heldElsewhere.has(id));
}

/** The states of a snapshot still being made (or exported): an undeploy cancels these. */
export const inProgressStatuses: readonly SnapshotStatus[] = ['creating', 'exporting'];

/** A snapshot whose image is still being made or copied out: its VM takes no other operation meanwhile (SNAP-2). */
export const snapshotInProgress = (s: Pick<Snapshot, 'status'>): boolean => inProgressStatuses.includes(s.status);

/** A snapshot an operation still works on, while that operation runs. */
export const snapshotBusy = (s: Pick<Snapshot, 'status'>): boolean => snapshotInProgress(s) || s.status === 'deleting';
