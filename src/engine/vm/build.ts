/**
 * Builds one VM on the VIM as durable steps: its ports (one per interface), its volumes (bootable
 * ones through `block_device_mapping_v2` with their `boot_index`), the server with its day-0 files
 * on a config drive, the wait for ACTIVE (VM_DEPLOYED), then liveness within the group's
 * `bootup_time` (VM_ALIVE), recovering the VM by its policy when it does not come alive (IMPL-2).
 * Each VIM id is written on the VM record as soon as it is known, so an undeploy at any moment
 * knows what to remove.
 */
import { messageOf } from '../../domain/errors.ts';
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { VimServer } from '../../vim/driver.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, vmEvent } from '../deployment/event-bodies.ts';
import type { Refs } from '../deployment/resolve.ts';
import { groupOf, saveVm, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { vmOrderOf } from '../../domain/vm-order.ts';
import { becomeAlive } from './alive.ts';
import { inDependencyOrder } from './in-dependency-order.ts';
import { kpiEventsBefore, waitKpiEvents } from './kpi-event-wait.ts';
import { createPorts } from './network-ports.ts';
import { placementTurns } from './placement-turns.ts';
import { applyServer, createServer, waitServer } from './server.ts';
import { createVolumes } from './volumes.ts';

/** What reports a VM's server ACTIVE: VM_DEPLOYED, or VM_SCALE_OUT_DEPLOYED for a VM a scale-out adds (COMP-4). */
export type DeployedEvent = 'VM_DEPLOYED' | 'VM_SCALE_OUT_DEPLOYED';

/**
 * Builds `vms` of the target group by group in dependency order (COMP-1), in parallel within a
 * group; a group whose dependency names a `kpi_event_ref` waits for that event first.
 */
export function buildVms(ctx: StepContext, deps: EngineDeps, t: Target, vms: Vm[], refs: Refs, o: { deployed?: DeployedEvent } = {}): Promise<void> {
  const deployed = o.deployed ?? 'VM_DEPLOYED';
  const turnOf = placementTurns(t.deployment.spec);
  return inDependencyOrder(
    t.deployment.spec,
    vms,
    vmOrderOf('deploy'),
    (vm) => buildVm(ctx, deps, t, vm, groupOf(t, vm), refs, deployed, turnOf(vm.group)),
    (group) => (kpiEventsBefore(t, group).length === 0 ? Promise.resolve() : ctx.step(`group:${group}:kpi-events`, () => waitKpiEvents(ctx, deps, t, group))),
  );
}

async function buildVm(
  ctx: StepContext,
  deps: EngineDeps,
  t: Target,
  vm: Vm,
  group: VmGroupSpec,
  refs: Refs,
  deployed: DeployedEvent,
  turn: <T>(task: () => Promise<T>) => Promise<T>,
): Promise<void> {
  const key = `vm:${vm.id}`;
  let seen: VimServer | undefined;
  try {
    await createPorts(ctx, deps, t, vm, group, refs);
    const volumes = await createVolumes(ctx, deps, t, vm, group, refs);
    const fresh = !ctx.has(`${key}:active`);
    const active = await turn(async () => {
      vm.serverId = await ctx.step(`${key}:server`, async () => (await createServer(ctx, t, vm, group, refs, volumes)).id);
      await saveVm(deps, t, vm);
      return ctx.step(`${key}:active`, () => waitServer(ctx, deps, t, vm, { want: 'ACTIVE', policy: 'server.create' }));
    });
    applyServer(vm, active);
    await saveVm(deps, t, vm);
    seen = fresh ? active : undefined;
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    vm.state = 'VM_ERROR_STATE';
    await saveVm(deps, t, vm);
    await ctx.emit(`${key}:deployed`, vmEvent(t, vm, deployed, failed(`OpenStack Driver: VM creation failed, VM Name: [${vm.vimName}]: ${messageOf(err)}`)));
    throw err;
  }
  await ctx.emit(`${key}:deployed`, vmEvent(t, vm, deployed, ok(`OpenStack Driver: VM successfully created, VM Name: [${vm.vimName}]`)));
  await becomeAlive(ctx, deps, t, vm, group, { key: `${key}:alive`, message: 'VM_Alive event received', recovery: { refs }, seen });
}
