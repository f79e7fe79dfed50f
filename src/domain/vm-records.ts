/**
 * New VM records for a group, made when a request is accepted (so the opdata read-back shows every
 * VM and its generated name at once) and completed by the build steps as the VIM answers. The
 * caller gives the ids (`newId`), so the rule stays pure.
 */
import type { InterfaceSpec, VmGroupSpec, VolumeSpec } from './deployment-spec.ts';
import type { Deployment, Vm, VmInterface, VmVolume } from './entities.ts';
import { generatedVmName, vimServerName } from './vm-name.ts';

export function newVmRecords(deployment: Deployment, group: VmGroupSpec, indexes: number[], now: string, newId: () => string): Vm[] {
  return indexes.map((index) => {
    const id = newId();
    const name = generatedVmName(deployment.name, group.name, index, id);
    return {
      id,
      deploymentId: deployment.id,
      group: group.name,
      index,
      name,
      vimName: vimServerName(name, group.vimVmName, index),
      image: group.image,
      flavor: group.flavor,
      state: 'VM_DEPLOYING_STATE',
      monitoring: false,
      interfaces: group.interfaces.map(interfaceRecord),
      volumes: group.volumes.map(volumeRecord),
      createdAt: now,
      updatedAt: now,
    };
  });
}

/** A VM's record of one interface; a pre-created port (`port`) is not ours. */
export function interfaceRecord(i: InterfaceSpec): VmInterface {
  return { nicid: i.nicid, network: i.network, subnet: i.subnet, ipAddress: i.ipAddress, macAddress: i.macAddress, model: i.model, type: i.type, portOwned: !i.port };
}

/** A VM's record of one volume; an external one (REST-3) has its id from the start and is not ours. */
export function volumeRecord(v: VolumeSpec): VmVolume {
  const record: VmVolume = { name: v.name, bootable: v.bootable, bootIndex: v.bootIndex, owned: !v.externalVolumeId };
  if (v.externalVolumeId) record.volumeId = v.externalVolumeId;
  return record;
}

/** Indexes for `count` new VMs of a group, after the highest index in use. */
export function nextIndexes(existing: Vm[], group: string, count: number): number[] {
  const start = existing.reduce((next, v) => (v.group === group ? Math.max(next, v.index + 1) : next), 0);
  return Array.from({ length: Math.max(0, count) }, (_, k) => start + k);
}
