/**
 * What a service update changes, decided when it is accepted (COMP-2..4): VMs to add where a group
 * is new or its `min_active` rose above its VM count, VMs to remove where a group is gone, groups
 * whose definition changed, volumes swapped for external ones (REST-2, REST-3, `volume-swap.ts`),
 * ephemeral networks to add and remove.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DeploymentSpec, VmGroupSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import { volumeSwaps, type VolumeSwap } from './volume-swap.ts';

export interface PlannedUpdate {
  /** Per group, how many VMs to add. */
  add: { group: VmGroupSpec; count: number }[];
  removeVms: string[];
  changedGroups: string[];
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
  swapVolumes: VolumeSwap[];
  addNetworks: string[];
  removeNetworks: string[];
  /** Set when the update is a one-step restore of one VM from a snapshot (`restore.ts`). */
  restore?: RestoreStep;
}

/** The plan to record, once the VMs `planned.add` asked for have records (their ids, in order). */
export function recordedPlan(planned: PlannedUpdate, addedVmIds: string[]): UpdatePlan {
  const { removeVms, changedGroups, swapVolumes, addNetworks, removeNetworks } = planned;
  return { addVms: addedVmIds, removeVms, changedGroups, swapVolumes, addNetworks, removeNetworks };
}

export function planUpdate(previous: DeploymentSpec, next: DeploymentSpec, vms: Vm[]): PlannedUpdate {
  const before = new Map(previous.vmGroups.map((g) => [g.name, g]));
  const after = new Set(next.vmGroups.map((g) => g.name));
  const oldNets = new Set(previous.networks.map((n) => n.name));
  const newNets = new Set(next.networks.map((n) => n.name));
  return {
    add: next.vmGroups
      .map((group) => ({ group, count: group.scaling.minActive - vms.filter((v) => v.group === group.name).length }))
      .filter((a) => a.count > 0),
    removeVms: vms.filter((v) => !after.has(v.group)).map((v) => v.id),
    changedGroups: next.vmGroups.filter((g) => before.has(g.name) && !sameGroup(before.get(g.name)!, g)).map((g) => g.name),
    swapVolumes: volumeSwaps(previous, next),
    addNetworks: [...newNets].filter((n) => !oldNets.has(n)),
    removeNetworks: [...oldNets].filter((n) => !newNets.has(n)),
  };
}

/** Compares as stored: the previous spec went through JSON, where absent and undefined are one. */
function sameGroup(a: VmGroupSpec, b: VmGroupSpec): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}
