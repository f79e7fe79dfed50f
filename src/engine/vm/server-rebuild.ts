/**
 * Builds a VM's server again without touching its ports or volumes (REST-1, REST-2): the server is
 * deleted keeping its volumes (none is deleted on termination), then created under the same
 * generated name on the same ports, from the VM's image or its (possibly new) boot volume, with the
 * VM's volumes, and waited ACTIVE and alive. The server UUID changes; returns the replaced one.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Refs } from '../deployment/resolve.ts';
import { saveVm, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { waitAlive } from './liveness-wait.ts';
import { applyServer, createServer, deleteServer, waitServer } from './server.ts';
import { waitVolumeAvailable } from './volumes.ts';

/** `beforeCreate` runs once the old server is gone (a boot swap records its new volume there). */
export async function rebuildServer(
  ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, refs: Refs,
  o: { key: string; beforeCreate?: () => Promise<void> },
): Promise<string | undefined> {
  // The step records the replaced id: a resumed run finds `vm.serverId` already the new server's.
  const old = await ctx.step(`${o.key}:delete`, async () => {
    if (vm.serverId) await deleteServer(ctx, deps, t, vm, vm.serverId);
    return vm.serverId ?? null;
  });
  await o.beforeCreate?.();
  // The server is built from the volumes the VM has, in the group's order (createServer pairs them by position).
  const attached = { ...group, volumes: group.volumes.filter((s) => vm.volumes.some((r) => r.name === s.name && r.volumeId)) };
  const volumes = await ctx.step(`${o.key}:volumes`, () =>
    Promise.all(attached.volumes.map((s) => waitVolumeAvailable(ctx, deps, t, { id: vm.volumes.find((r) => r.name === s.name)!.volumeId!, name: s.name }))),
  );
  vm.serverId = await ctx.step(`${o.key}:create`, async () => (await createServer(ctx, t, vm, attached, refs, volumes)).id);
  await saveVm(deps, t, vm);
  applyServer(vm, await ctx.step(`${o.key}:active`, () => waitServer(ctx, deps, t, vm, { want: 'ACTIVE', policy: 'server.create' })));
  await saveVm(deps, t, vm);
  await ctx.step(`${o.key}:alive`, () => waitAlive(ctx, deps, t, vm, group));
  return old ?? undefined;
}
