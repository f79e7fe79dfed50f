/**
 * The VIM side of a one-step restore (REST-1, REST-2; the decision is `domain/restore.ts`):
 * - a volume restore first makes a bootable volume from the boot volume's snapshot (tagged, waited
 *   `available`; out of band once made, REST-3), records it in the deployment as the group's boot
 *   volume with `external_volume_id`, and returns the boot swap the update then makes; the boot
 *   volume of ours it replaced is released after (`releaseReplaced`);
 * - an image restore rebuilds the VM's server from the image the update recorded.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { RestoreStep } from '../../domain/update-plan.ts';
import type { VolumeSwap } from '../../domain/volume-swap.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Refs } from '../deployment/resolve.ts';
import { saveDeployment, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { createTagged } from '../runtime/tagged-create.ts';
import { deleteUnlessHeld } from './held-volumes.ts';
import { rebuildServer } from './server-rebuild.ts';
import { waitVolumeAvailable } from './volumes.ts';

/** The boot volume of ours a volume restore replaces, and the server it was attached to. */
export interface ReplacedVolume {
  id: string;
  name: string;
  serverId: string | null;
}

export async function restoreSwaps(
  ctx: StepContext, deps: EngineDeps, t: Target, r: RestoreStep | undefined,
): Promise<{ swaps: VolumeSwap[]; replaced?: ReplacedVolume }> {
  if (r?.kind !== 'volume') return { swaps: [] };
  const vm = t.vms.find((v) => v.id === r.vmId);
  if (!vm) return { swaps: [] };
  // Recorded before the swap forgets it; an external volume (REST-3) is not ours to remove.
  const replaced = await ctx.step(replacedKey(vm.id), async () => {
    const old = vm.volumes.find((v) => v.name === r.bootVolume);
    return old?.owned && old.volumeId ? { id: old.volumeId, name: old.name, serverId: vm.serverId ?? null } : null;
  });
  const tag = `${vm.id}:restore:${ctx.op.id}`;
  const volumeId = await ctx.step(`restore:${vm.id}:volume`, async () => {
    const made = await createTagged(ctx, {
      create: () =>
        t.vim.createVolume(t.scope, { name: `${vm.vimName}_${r.bootVolume}_${r.snapshotId}`.slice(0, 255), snapshotId: r.volumeSnapshotId, bootable: true, tag }),
      lookup: () => t.vim.listVolumes(t.scope, { tag }),
      remove: (extra) => t.vim.deleteVolume(t.scope, extra.id),
    });
    return (await waitVolumeAvailable(ctx, deps, t, { id: made.id, name: r.bootVolume })).id;
  });
  const spec = t.deployment.spec;
  t.deployment.spec = {
    ...spec,
    vmGroups: spec.vmGroups.map((g) =>
      g.name !== r.group ? g : { ...g, volumes: g.volumes.map((v) => (v.name === r.bootVolume ? { ...v, size: undefined, image: undefined, externalVolumeId: volumeId } : v)) },
    ),
  };
  await saveDeployment(deps, t);
  return { swaps: [{ group: r.group, from: r.bootVolume, to: r.bootVolume, externalVolumeId: volumeId, boot: true }], ...(replaced && { replaced }) };
}

/**
 * Once the server is rebuilt on the restored volume, the boot volume of ours it replaced is not left
 * unrecorded on the VIM: deleted, or — as it is when the restore's snapshot was taken of it — held
 * by the snapshots taken of it and deleted with the last of them (SNAP-9). A restore differs here
 * from the two-step swap of REST-2, which leaves the orchestrator's old volume for manual clean-up.
 */
export async function releaseReplaced(ctx: StepContext, deps: EngineDeps, t: Target, replaced: ReplacedVolume | undefined): Promise<void> {
  if (!replaced) return;
  await ctx.step(releaseKey(replaced), async () => {
    await deleteUnlessHeld(ctx, deps, t, replaced, replaced.serverId ? [replaced.serverId] : []);
    return null;
  });
}

/**
 * A volume restore that failed after its swap was recorded (the server being rebuilt) releases the
 * volume it replaced all the same: the VM no longer records it, so nothing else would. One the VM
 * still records stays its own (its undeploy removes it). Best effort: the failure is reported anyway.
 */
export async function releaseReplacedOnFailure(ctx: StepContext, deps: EngineDeps, t: Target, r: RestoreStep | undefined): Promise<void> {
  if (r?.kind !== 'volume') return;
  const steps = await deps.store.getSteps(ctx.op.id);
  const replaced = steps.find((s) => s.name === replacedKey(r.vmId))?.output as ReplacedVolume | null | undefined;
  if (!replaced || steps.some((s) => s.name === releaseKey(replaced))) return;
  if (t.vms.find((v) => v.id === r.vmId)?.volumes.some((v) => v.volumeId === replaced.id)) return;
  try {
    // Not as a step: a failing operation records no more steps.
    await deleteUnlessHeld(ctx, deps, t, replaced, replaced.serverId ? [replaced.serverId] : []);
  } catch (err) {
    deps.log.warn({ err, operation: ctx.op.id, volume: replaced.id }, 'releasing the volume a failed restore replaced failed');
  }
}

const replacedKey = (vmId: string) => `restore:${vmId}:replaced`;
const releaseKey = (replaced: ReplacedVolume) => `restore:replaced:${replaced.id}:release`;

/** An image restore of `vm`: its server built again from the image now recorded on it. */
export async function restoreImage(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, r: RestoreStep | undefined, refs: Refs): Promise<string | undefined> {
  if (r?.kind !== 'image' || r.vmId !== vm.id) return undefined;
  return rebuildServer(ctx, deps, t, vm, group, refs, { key: `vm:${vm.id}:restore` });
}
