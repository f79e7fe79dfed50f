/**
 * One-step restore of one VM from a snapshot (REST-1, REST-2), decided when it is accepted, as a
 * service update of the VM's group:
 * - a snapshot of an image-booted VM (no volume snapshot): the group's image becomes the snapshot's
 *   Glance image (by id: snapshot names need not be unique), and the VM is rebuilt from it;
 * - a snapshot with volume snapshots, of a VM booting from a volume: a volume is made from the boot
 *   volume's snapshot when the update runs and swapped in as the group's boot volume (as an
 *   external volume, REST-3), which rebuilds the server on it.
 * The snapshot must be `available`, of the same tenant and VIM connector; a volume restore needs a
 * group of one VM (a volume attaches to one server). The VM must be alive, stopped or in error: a
 * VM in a transition (starting, rebooting, recovering, ...) is left to finish it first.
 * While a restore is open (running, or queued behind its deployment's other work) it needs its
 * snapshot — the image it rebuilds from, the volume snapshot it makes the boot volume from — so
 * the snapshot's delete is refused meanwhile (`restoreNeeding`).
 */
import type { DeploymentSpec, VmGroupSpec } from './deployment-spec.ts';
import type { Deployment, Vm } from './entities.ts';
import { errors } from './errors.ts';
import { isOpen, type Operation } from './operation.ts';
import type { Snapshot } from './snapshot.ts';
import type { VmState } from './states.ts';
import type { RestoreStep, UpdatePlan } from './update-plan.ts';
import { slotOf } from './volume-swap.ts';

/** The update that restores `vm` from `snapshot`: the deployment's new spec and the plan to record. */
export function planRestore(deployment: Deployment, vm: Vm, groupVms: number, snapshot: Snapshot): { spec: DeploymentSpec; plan: UpdatePlan } {
  const { spec, restore } = restoreOf(deployment, vm, groupVms, snapshot);
  return { spec, plan: { addVms: [], removeVms: [], changedGroups: [vm.group], swapVolumes: [], addNetworks: [], removeNetworks: [], restore } };
}

const restorableStates: readonly VmState[] = ['VM_ALIVE_STATE', 'VM_SHUTOFF_STATE', 'VM_ERROR_STATE'];

function restoreOf(deployment: Deployment, vm: Vm, groupVms: number, snapshot: Snapshot): { spec: DeploymentSpec; restore: RestoreStep } {
  const refuse = (reason: string) => errors.restoreRefused(vm.name, snapshot.id, reason);
  if (!restorableStates.includes(vm.state)) throw refuse(`the VM is in ${vm.state}; a restore needs it alive, stopped or in error`);
  if (snapshot.tenant !== deployment.tenant) throw errors.snapshotNotFound(snapshot.id);
  if (snapshot.status !== 'available') throw refuse(`the snapshot is ${snapshot.status}, not available`);
  if (snapshot.vimConnector !== deployment.vimConnector) throw refuse(`the snapshot is on VIM ${snapshot.vimConnector}, the VM on ${deployment.vimConnector}`);
  const group = deployment.spec.vmGroups.find((g) => g.name === vm.group);
  if (!group) throw errors.groupMissing(vm.group, deployment.name);
  const boot = group.volumes.find((v) => slotOf(v) === 0);
  const withGroup = (g: VmGroupSpec): DeploymentSpec => ({ ...deployment.spec, vmGroups: deployment.spec.vmGroups.map((x) => (x.name === g.name ? g : x)) });
  if (snapshot.volumeSnapshots.length === 0) {
    if (boot) throw refuse('the snapshot holds no volume snapshot and the VM boots from a volume');
    if (!snapshot.imageId) throw refuse('the snapshot has no image');
    return { spec: withGroup({ ...group, image: snapshot.imageId }), restore: { kind: 'image', vmId: vm.id, snapshotId: snapshot.id } };
  }
  if (!boot) throw refuse('the snapshot is of volumes and the VM boots from an image');
  if (groupVms > 1) throw refuse(`vm_group [${group.name}] has ${groupVms} VMs and a volume attaches to one`);
  const bootId = vm.volumes.find((v) => v.name === boot.name)?.volumeId;
  const volumeSnapshot = snapshot.volumeSnapshots.find((v) => v.volumeId === bootId) ?? snapshot.volumeSnapshots[0]!;
  return {
    spec: deployment.spec,
    restore: { kind: 'volume', vmId: vm.id, group: group.name, bootVolume: boot.name, volumeSnapshotId: volumeSnapshot.id, snapshotId: snapshot.id },
  };
}

/**
 * SNAP-9, REST-1, REST-2: the open restore that still needs snapshot `snapshotId`, among `ops`, or
 * undefined. Its delete is refused while there is one. The snapshot's delete runs on its tenant's
 * queue and a restore on its deployment's, so their order is settled when each is accepted: a
 * restore is accepted only from an `available` snapshot, a delete marks it `deleting` — both in the
 * transaction that records the operation.
 */
export function restoreNeeding(snapshotId: string, ops: readonly Operation[]): Operation | undefined {
  return ops.find((op) => op.kind === 'update' && isOpen(op) && (op.input as { restore?: RestoreStep } | null)?.restore?.snapshotId === snapshotId);
}
