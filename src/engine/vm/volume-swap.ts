/**
 * Swaps one of a VM's volumes for an external one (REST-2, REST-3) as durable steps. The old volume
 * is left on the VIM, detached and no longer recorded on the VM; the external one is recorded as not
 * ours (never deleted with the VM).
 * - A data volume is swapped in place: detach the old, attach the new (waits `server.action`); the
 *   server, its ports and addresses stay.
 * - Nova cannot replace a root volume in place (it refuses to detach one, and its swap API copies
 *   the old data), so a boot volume is swapped by rebuilding the server on it (`server-rebuild.ts`);
 *   the server UUID changes. Returns the replaced server's id then.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { volumeRecord } from '../../domain/vm-records.ts';
import type { VolumeSwap } from '../../domain/volume-swap.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Refs } from '../deployment/resolve.ts';
import { saveVm, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { rebuildServer } from './server-rebuild.ts';
import { attachVolumeStep, detachVolumeStep } from './volume-attach.ts';

export async function swapVolume(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, swap: VolumeSwap, refs: Refs): Promise<string | undefined> {
  const key = `vm:${vm.id}:swap:${swap.to}`;
  const to = group.volumes.find((v) => v.name === swap.to)!;
  const oldId = vm.volumes.find((v) => v.name === swap.from)?.volumeId;
  const record = async () => {
    vm.volumes = vm.volumes.map((r) => (r.name === swap.from ? volumeRecord(to) : r));
    await saveVm(deps, t, vm);
  };
  if (swap.boot) return rebuildServer(ctx, deps, t, vm, group, refs, { key, beforeCreate: record });
  if (oldId) await detachVolumeStep(ctx, deps, t, vm, { id: oldId, name: swap.from }, `${key}:detach`);
  await attachVolumeStep(ctx, deps, t, vm, { id: swap.externalVolumeId, name: swap.to }, `${key}:attach`);
  await record();
  return undefined;
}
