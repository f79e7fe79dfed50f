/**
 * What a service update changes, decided when it is accepted (COMP-2..4): VMs to add where a group
 * is new or its `min_active` rose above its VM count, VMs to remove where a group is gone, groups
 * whose definition changed and how (the rule table, `update-rules.ts`, which also refuses what
 * cannot change) and those among them whose existing VMs change, volumes swapped for external ones
 * (REST-2, REST-3, `volume-swap.ts`), ephemeral networks to add and remove.
 */
import type { DeploymentSpec, VmGroupSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import { changesVms, groupChanges, refuseRenames, sameAsStored, type GroupChange } from './update-rules.ts';
import { withAddedInterfaces } from './vm-records.ts';
import { volumeSwaps, type VolumeSwap } from './volume-swap.ts';

/** How one group that stays changes (`update-rules.ts`). */
export interface GroupUpdate {
  group: string;
  changes: GroupChange[];
}

export interface PlannedUpdate {
  /** Per group, how many VMs to add. */
  add: { group: VmGroupSpec; count: number }[];
  removeVms: string[];
  /** Groups whose existing VMs change (`changesVms`): each of those VMs is sent `VM_UPDATED`. */
  changedGroups: string[];
  /** Every group that stays and changes, with its changes. */
  groupUpdates: GroupUpdate[];
  swapVolumes: VolumeSwap[];
  addNetworks: string[];
  removeNetworks: string[];
}

/**
 * What a one-step restore of one VM from a snapshot does beyond the update (`restore.ts`, REST-1,
 * REST-2). `snapshotId` names the snapshot it needs until it ends (its delete waits, SNAP-9).
 */
export type RestoreStep =
  | { kind: 'image'; vmId: string; snapshotId: string }
  | { kind: 'volume'; vmId: string; group: string; bootVolume: string; volumeSnapshotId: string; snapshotId: string };

/** The plan as the accepted operation records it, once the new VMs have their records. */
export interface UpdatePlan {
  addVms: string[];
  removeVms: string[];
  changedGroups: string[];
  /** Absent from a plan recorded before the rule table, and from a restore's (`restore.ts`). */
  groupUpdates?: GroupUpdate[];
  swapVolumes: VolumeSwap[];
  addNetworks: string[];
  removeNetworks: string[];
  /** Set when the update is a one-step restore of one VM from a snapshot (`restore.ts`). */
  restore?: RestoreStep;
}

/** The plan to record, once the VMs `planned.add` asked for have records (their ids, in order). */
export function recordedPlan(planned: PlannedUpdate, addedVmIds: string[]): UpdatePlan {
  const { removeVms, changedGroups, groupUpdates, swapVolumes, addNetworks, removeNetworks } = planned;
  return { addVms: addedVmIds, removeVms, changedGroups, groupUpdates, swapVolumes, addNetworks, removeNetworks };
}

/**
 * The plan; throws the refusal of a change the rule table refuses (`update-rules.ts`). `previous`:
 * the spec last applied in full; `requested`: the one last requested, when an update to it has not
 * succeeded (`update-base.ts`). The changes either names are planned: from `previous`, what that
 * update did not land is tried again; from `requested`, what it landed and `next` no longer wants
 * is undone. Each step finds what already is (records, tagged resources, attachments), so a change
 * that needs nothing does nothing. Volume swaps are planned from `previous` only.
 */
export function planUpdate(previous: DeploymentSpec, next: DeploymentSpec, vms: Vm[], requested?: DeploymentSpec): PlannedUpdate {
  const from = requested && !sameAsStored(requested, previous) ? [previous, requested] : [previous];
  const after = new Set(next.vmGroups.map((g) => g.name));
  for (const spec of from) refuseRenames(spec.vmGroups.filter((g) => !after.has(g.name)), next.vmGroups.filter((g) => !spec.vmGroups.some((b) => b.name === g.name)));
  const swapVolumes = volumeSwaps(previous, next);
  const groupUpdates = next.vmGroups.flatMap((g) => {
    const changes = unique(from.flatMap((spec) => changesFrom(spec, g, swapVolumes)));
    return changes.length > 0 ? [{ group: g.name, changes }] : [];
  });
  const nets = (spec: DeploymentSpec) => spec.networks.map((n) => n.name);
  return {
    add: next.vmGroups
      .map((group) => ({ group, count: group.scaling.minActive - vms.filter((v) => v.group === group.name).length }))
      .filter((a) => a.count > 0),
    removeVms: vms.filter((v) => !after.has(v.group)).map((v) => v.id),
    changedGroups: groupUpdates.filter((u) => changesVms(u.changes)).map((u) => u.group),
    groupUpdates,
    swapVolumes,
    addNetworks: nets(next).filter((n) => from.some((spec) => !nets(spec).includes(n))),
    removeNetworks: unique(from.flatMap(nets)).filter((n) => !nets(next).includes(n)),
  };
}

/** How `group` changed since `spec`; none when `spec` has no group of that name (it is added). */
function changesFrom(spec: DeploymentSpec, group: VmGroupSpec, swaps: VolumeSwap[]): GroupChange[] {
  const before = spec.vmGroups.find((g) => g.name === group.name);
  return before && !sameAsStored(before, group) ? groupChanges(before, group, swaps) : [];
}

function unique<T>(items: T[]): T[] {
  return [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];
}

/**
 * The existing VMs whose group the update adds interfaces to, each with those interfaces recorded
 * and their pool addresses taken (`withAddedInterfaces`), to be written when the update is accepted
 * (COMP-2, COMP-3). `vms`: the deployment's VM records, the addresses held.
 */
export function vmsWithAddedInterfaces(next: DeploymentSpec, planned: PlannedUpdate, vms: readonly Vm[], now: string): Vm[] {
  const holders = [...vms];
  const grown: Vm[] = [];
  for (const u of planned.groupUpdates) {
    const nicids = u.changes.flatMap((c) => (c.kind === 'interfaceAdded' ? [c.nicid] : []));
    const group = next.vmGroups.find((g) => g.name === u.group)!;
    if (nicids.length > 0)
      for (const [k, vm] of holders.entries())
        if (vm.group === u.group) grown.push((holders[k] = withAddedInterfaces(group, vm, nicids, holders, now)));
  }
  return grown;
}
