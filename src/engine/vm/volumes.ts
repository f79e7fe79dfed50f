/**
 * A VM's Cinder volumes: created (tagged) from an image or empty, bootable ones marked so, and
 * waited on until `available` (an external volume, REST-3, is only waited on) — also by a recovery redeploy, whose deleted server's volumes detach
 * asynchronously. Each volume id is written on the VM record as soon as it is known.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { VimVolume } from '../../vim/driver.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Refs } from '../deployment/resolve.ts';
import { saveVm, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { createTagged } from '../runtime/tagged-create.ts';

/** `records`: the VM's volumes to make (all, unless an update adds one, COMP-2). */
export async function createVolumes(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, refs: Refs, records = vm.volumes): Promise<VimVolume[]> {
  const out: VimVolume[] = [];
  for (const record of records) {
    const spec = group.volumes.find((v) => v.name === record.name)!;
    if (spec.externalVolumeId) {
      out.push(await ctx.step(`vm:${vm.id}:volume:${spec.name}`, () => waitVolumeAvailable(ctx, deps, t, { id: spec.externalVolumeId!, name: spec.name })));
      continue;
    }
    const tag = `${vm.id}:volume:${spec.name}`;
    const volume = await ctx.step<VimVolume>(`vm:${vm.id}:volume:${spec.name}`, async () => {
      const made = await createTagged(ctx, {
        create: () =>
          t.vim.createVolume(t.scope, {
            name: `${vm.vimName}_${spec.name}`.slice(0, 255),
            size: spec.size === undefined ? undefined : toGiB(spec.size, spec.sizeunit),
            imageId: spec.image ? refs.images[spec.image] : undefined,
            volumeType: spec.type,
            bootable: spec.bootable,
            tag,
          }),
        lookup: () => t.vim.listVolumes(t.scope, { tag }),
        remove: (extra) => t.vim.deleteVolume(t.scope, extra.id),
      });
      record.volumeId = made.id;
      await saveVm(deps, t, vm);
      return waitVolumeAvailable(ctx, deps, t, { id: made.id, name: spec.name });
    });
    record.volumeId = volume.id;
    out.push(volume);
  }
  await saveVm(deps, t, vm);
  return out;
}

/** Waits a volume `available` (`vim.asyncpoller.volume.create.*`, REST-6); `error` fails the wait. */
export async function waitVolumeAvailable(ctx: StepContext, deps: EngineDeps, t: Pick<Target, 'vim' | 'scope'>, v: { id: string; name: string }): Promise<VimVolume> {
  const volume = await deps.poller.waitFor<VimVolume>({
    vim: t.vim, scope: t.scope, kind: 'volume', id: v.id, want: ['available'], failOn: ['error'],
    policy: 'volume.create', signal: ctx.signal, label: `volume ${v.name} (${v.id})`,
  });
  return volume!;
}

const unitsPerGiB: Record<string, number> = { MiB: 1 / 1024, GiB: 1, TiB: 1024, PiB: 1024 ** 2, EiB: 1024 ** 3 };

function toGiB(size: number, unit: string): number {
  return Math.max(1, Math.ceil(size * (unitsPerGiB[unit] ?? 1)));
}
