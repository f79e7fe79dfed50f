/**
 * New VM records for a group, made when a request is accepted (so the opdata read-back shows every
 * VM and its generated name at once) and completed by the build steps as the VIM answers. The
 * caller gives the ids (`newId`), so the rule stays pure.
 *
 * The records also take what pools hand out, one VM at a time (COMP-3, issue 12 items 3 and 7):
 * each interface on a network with a `static_ip_address_pool` gets the pool's first address no
 * record of the deployment holds (`existing`, and the records made before it), and each day-0
 * variable with several values gets the first value no VM of the group holds. The record is the
 * holding: written in the accepting transaction, freed when the record is deleted. A pool with
 * nothing free refuses the request (400 naming it). A variable with one value is a constant every
 * VM shares, not a pool.
 */
import { canonicalAddress, nextFreeAddress, poolSize, poolSpans } from './address-pool.ts';
import type { InterfaceSpec, VmGroupSpec, VolumeSpec } from './deployment-spec.ts';
import type { Day0Value, Deployment, Vm, VmInterface, VmVolume } from './entities.ts';
import { errors } from './errors.ts';
import { poolName } from './ip-pool-refusal.ts';
import { generatedVmName, vimServerName } from './vm-name.ts';

/** `existing`: the deployment's VM records (all groups), whose addresses and values are held. */
export function newVmRecords(
  deployment: Deployment, group: VmGroupSpec, indexes: number[], now: string, newId: () => string, existing: readonly Vm[],
): Vm[] {
  const holders = [...existing];
  return indexes.map((index) => {
    const id = newId();
    const name = generatedVmName(deployment.name, group.name, index, id);
    const vm: Vm = {
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
      interfaces: [],
      volumes: group.volumes.map(volumeRecord),
      createdAt: now,
      updatedAt: now,
    };
    for (const i of group.interfaces) vm.interfaces.push(newInterface(group, i, [...holders, vm]));
    const values = takeDay0Values(group, holders);
    if (values.length) vm.day0Values = values;
    holders.push(vm);
    return vm;
  });
}

/**
 * An existing VM with the interfaces a service update adds to its group (`nicids`) recorded, made
 * when the update is accepted as a new VM's are (COMP-2, COMP-3): each takes its pool address then,
 * held from that transaction on, and an exhausted pool refuses the update. `holders`: the
 * deployment's VM records. An interface the VM records already (a re-sent update) keeps its own.
 */
export function withAddedInterfaces(group: VmGroupSpec, vm: Vm, nicids: readonly number[], holders: readonly Vm[], now: string): Vm {
  const next: Vm = { ...vm, interfaces: [...vm.interfaces], updatedAt: now };
  const others = holders.filter((h) => h.id !== vm.id);
  for (const i of group.interfaces)
    if (nicids.includes(i.nicid) && !next.interfaces.some((n) => n.nicid === i.nicid)) next.interfaces.push(newInterface(group, i, [...others, next]));
  next.interfaces.sort((a, b) => a.nicid - b.nicid);
  return next;
}

/** A new interface record; one on a pool's network takes the pool's first address no holder holds. */
function newInterface(group: VmGroupSpec, i: InterfaceSpec, holders: readonly Vm[]): VmInterface {
  const nic = interfaceRecord(i);
  if (nic.portOwned && nic.ipAddress === undefined) takePoolAddress(group, nic, holders);
  return nic;
}

/** The interface takes the first free address of its group's pool on its network, if there is one. */
function takePoolAddress(group: VmGroupSpec, nic: VmInterface, holders: readonly Vm[]): void {
  const pool = group.scaling.staticIpAddressPools.find((p) => p.network === nic.network);
  if (!pool) return;
  const parsed = poolSpans(pool);
  if ('problem' in parsed) throw errors.ipPoolInvalid(poolName(group.name, pool.network), parsed.problem);
  const held = new Set(
    holders.flatMap((vm) => vm.interfaces.filter((i) => i.network === nic.network && i.ipAddress !== undefined).map((i) => canonicalAddress(i.ipAddress!) ?? i.ipAddress!)),
  );
  const address = nextFreeAddress(parsed.spans, held);
  if (address === undefined) throw errors.ipPoolExhausted(poolName(group.name, pool.network), poolSize(parsed.spans));
  nic.ipAddress = address;
  if (pool.netmask !== undefined) nic.netmask = pool.netmask;
  if (pool.gateway !== undefined) nic.gateway = pool.gateway;
}

/** One value of each day-0 pool of the group (variables with two or more distinct values), the first no VM of the group holds. */
function takeDay0Values(group: VmGroupSpec, holders: readonly Vm[]): Day0Value[] {
  const taken: Day0Value[] = [];
  for (const c of group.configData)
    for (const v of c.variables) {
      const values = [...new Set(v.values)];
      if (values.length < 2) continue;
      const held = new Set(
        holders.filter((vm) => vm.group === group.name).flatMap((vm) => (vm.day0Values ?? []).filter((h) => h.dst === c.dst && h.variable === v.name).map((h) => h.value)),
      );
      const value = values.find((x) => !held.has(x));
      if (value === undefined) throw errors.day0PoolExhausted(group.name, c.dst, v.name, values.length);
      taken.push({ dst: c.dst, variable: v.name, value });
    }
  return taken;
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
