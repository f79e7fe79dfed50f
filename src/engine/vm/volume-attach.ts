/**
 * One volume attached to or detached from a VM's server through Nova as a durable step, waited
 * `in-use` or `available` (`vim.asyncpoller.server.action.*` / `volume.create.*`). Each checks the
 * volume's Cinder attachments first, so a step resumed after a crash does not repeat a call that
 * happened (Nova refuses a second attach of the same volume). Used by volume swaps (REST-2, REST-3)
 * and by updates that add or remove a volume (COMP-2).
 */
import type { Vm } from '../../domain/entities.ts';
import type { VimVolume } from '../../vim/driver.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { waitVolumeAvailable } from './volumes.ts';

type VolumeRef = { id: string; name: string };

export function attachVolumeStep(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, v: VolumeRef, key: string): Promise<VimVolume | undefined> {
  return ctx.step(key, async () => {
    if (!(await attachedTo(t, v.id, vm.serverId!))) await t.vim.attachVolume(t.scope, vm.serverId!, v.id);
    return deps.poller.waitFor<VimVolume>({
      vim: t.vim, scope: t.scope, kind: 'volume', id: v.id, want: ['in-use'], failOn: ['error'],
      policy: 'server.action', signal: ctx.signal, label: `volume ${v.name} (${v.id})`,
    });
  });
}

export function detachVolumeStep(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, v: VolumeRef, key: string): Promise<VimVolume> {
  return ctx.step(key, async () => {
    if (await attachedTo(t, v.id, vm.serverId!)) await t.vim.detachVolume(t.scope, vm.serverId!, v.id);
    return waitVolumeAvailable(ctx, deps, t, v);
  });
}

export async function attachedTo(t: Pick<Target, 'vim' | 'scope'>, volumeId: string, serverId: string): Promise<boolean> {
  return ((await t.vim.getVolume(t.scope, volumeId))?.attachments ?? []).some((a) => a.serverId === serverId);
}
