/**
 * Power actions on one VM as durable steps, shared by the service operations and the VM
 * operations (OPS-2..4, VMOP-1..3): stop (monitoring off, os-stop, wait SHUTOFF, VM_STOPPED),
 * start (os-start, wait ACTIVE, VM_STARTED, then liveness and VM_ALIVE with monitoring re-armed),
 * reboot (monitoring off, Nova reboot SOFT — HARD when forced or when the soft one does not bring
 * the server back within the group's `bootup_time` — VM_REBOOTED, VM_ALIVE, then VM_MONITOR_SET so
 * the VM's history shows the monitoring update, OPS-5). A VIM refusal because the server is already
 * where it was asked to go counts as done, so a replayed step never fails on its own earlier effect.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { isDomainError, messageOf } from '../../domain/errors.ts';
import { isMonitoring, type ServiceAction } from '../../domain/operation.ts';
import type { VmState } from '../../domain/states.ts';
import type { VimServer } from '../../vim/driver.ts';
import { isVimError } from '../../vim/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, vmEvent } from '../deployment/event-bodies.ts';
import { groupOf, saveVm, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { becomeAlive } from './alive.ts';
import { waitServer } from './server.ts';

export type PowerAction = 'start' | 'stop' | 'reboot';

/** Does `action` to one VM: a power action, or monitoring on/off. */
export function actOnVm(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, action: ServiceAction, o: PowerOptions): Promise<void> {
  if (isMonitoring(action)) return setMonitoring(ctx, deps, t, vm, action === 'enableMonitor', o.key);
  return powerAction(ctx, deps, t, vm, action, o);
}

export interface PowerOptions {
  /** Step-name prefix, unique per VM within the operation. */
  key: string;
  /** VMOP-2: a forced reboot is HARD at once. */
  force?: boolean;
}

function powerAction(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, action: PowerAction, o: PowerOptions): Promise<void> {
  if (action === 'stop') return stopVm(ctx, deps, t, vm, o);
  // Only start and reboot wait for liveness within the group's bootup_time; a stop needs no group
  // (a VM whose group an update removed may still be stopped).
  return (action === 'start' ? startVm : rebootVm)(ctx, deps, t, vm, groupOf(t, vm), o);
}

async function enter(deps: EngineDeps, t: Target, vm: Vm, state: VmState, monitoring: boolean): Promise<void> {
  vm.state = state;
  vm.monitoring = monitoring;
  await saveVm(deps, t, vm);
}

/** Runs `fn`; on failure the VM goes to VM_ERROR_STATE and `type` reports FAILURE with the VIM's reason. */
async function reporting(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, o: { key: string; type: 'VM_STOPPED' | 'VM_STARTED' | 'VM_REBOOTED'; what: string }, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    await enter(deps, t, vm, 'VM_ERROR_STATE', false);
    await ctx.emit(`${o.key}:event`, vmEvent(t, vm, o.type, failed(`VM ${o.what} failed: ${messageOf(err)}`)));
    throw err;
  }
}

/**
 * Calls a power verb. A 409 whose server already is in one of `reached` counts as done; one whose
 * server is in `again` is sent once more (an earlier request of ours finished in between).
 */
async function act(t: Target, vm: Vm, call: () => Promise<void>, o: { reached?: readonly string[]; again?: string } = {}): Promise<null> {
  for (let attempt = 1; ; attempt++) {
    try {
      await call();
      return null;
    } catch (err) {
      if (!o.reached?.length || !isVimError(err) || err.status !== 409) throw err;
      const server = await t.vim.getServer(t.scope, vm.serverId!);
      if (server && o.reached.includes(server.status)) return null;
      if (attempt > 1 || !server || server.status !== o.again) throw err;
    }
  }
}

function waitStatus(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, want: string, timeoutMs?: number) {
  return waitServer(ctx, deps, t, vm, { want, policy: 'server.action', timeoutMs });
}

async function stopVm(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, o: PowerOptions): Promise<void> {
  await enter(deps, t, vm, 'VM_STOPPING_STATE', false);
  await reporting(ctx, deps, t, vm, { key: o.key, type: 'VM_STOPPED', what: 'stop' }, async () => {
    await ctx.step(`${o.key}:os-stop`, () => act(t, vm, () => t.vim.stopServer(t.scope, vm.serverId!), { reached: ['SHUTOFF'] }));
    await ctx.step(`${o.key}:shutoff`, () => waitStatus(ctx, deps, t, vm, 'SHUTOFF'));
  });
  await enter(deps, t, vm, 'VM_SHUTOFF_STATE', false);
  await ctx.emit(`${o.key}:event`, vmEvent(t, vm, 'VM_STOPPED', ok(`VM successfully stopped, VM Name: [${vm.vimName}]`)));
}

async function startVm(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, o: PowerOptions): Promise<void> {
  await enter(deps, t, vm, 'VM_STARTING_STATE', false);
  let seen: VimServer | undefined;
  await reporting(ctx, deps, t, vm, { key: o.key, type: 'VM_STARTED', what: 'start' }, async () => {
    await ctx.step(`${o.key}:os-start`, () => act(t, vm, () => t.vim.startServer(t.scope, vm.serverId!), { reached: ['ACTIVE'] }));
    const fresh = !ctx.has(`${o.key}:active`);
    const active = await ctx.step(`${o.key}:active`, () => waitStatus(ctx, deps, t, vm, 'ACTIVE'));
    seen = fresh ? active : undefined;
  });
  await ctx.emit(`${o.key}:event`, vmEvent(t, vm, 'VM_STARTED', ok(`VM successfully started, VM Name: [${vm.vimName}]`)));
  await becomeAlive(ctx, deps, t, vm, group, { key: `${o.key}:alive`, message: 'VM_Alive event received after started', seen });
}

async function rebootVm(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, o: PowerOptions): Promise<void> {
  await enter(deps, t, vm, 'VM_REBOOTING_STATE', false);
  await reporting(ctx, deps, t, vm, { key: o.key, type: 'VM_REBOOTED', what: 'reboot' }, async () => {
    const kind = o.force ? 'HARD' : 'SOFT';
    // IMPL-4: a replay after a crash between Nova's 202 and the step record asks again for a server
    // already rebooting; Nova refuses a soft reboot then (409), which is our own earlier effect. By
    // the time we look that reboot may have finished (ACTIVE): then the request goes once more, and
    // a server ACTIVE but refusing for another reason (locked, busy) still fails.
    await ctx.step(`${o.key}:reboot`, () =>
      act(t, vm, () => t.vim.rebootServer(t.scope, vm.serverId!, kind), kind === 'SOFT' ? { reached: ['REBOOT'], again: 'ACTIVE' } : {}),
    );
    try {
      const bootupMs = group.bootupTime < 0 ? undefined : group.bootupTime * 1000;
      await ctx.step(`${o.key}:active`, () => waitStatus(ctx, deps, t, vm, 'ACTIVE', kind === 'SOFT' ? bootupMs : undefined));
    } catch (err) {
      // OPS-4: a soft reboot that does not bring the guest back within bootup_time becomes a hard one.
      if (kind === 'HARD' || !isDomainError(err, 'TIMEOUT')) throw err;
      await ctx.step(`${o.key}:hard-reboot`, () => act(t, vm, () => t.vim.rebootServer(t.scope, vm.serverId!, 'HARD')));
      await ctx.step(`${o.key}:hard-active`, () => waitStatus(ctx, deps, t, vm, 'ACTIVE'));
    }
  });
  await ctx.emit(`${o.key}:event`, vmEvent(t, vm, 'VM_REBOOTED', ok(`VM successfully rebooted, VM Name: [${vm.vimName}]`)));
  await becomeAlive(ctx, deps, t, vm, group, { key: `${o.key}:alive`, message: 'VM_Alive event received after rebooted' });
  await ctx.emit(`${o.key}:monitor`, vmEvent(t, vm, 'VM_MONITOR_SET', ok('Monitoring re-enabled with thresholds re-armed after reboot')));
}

/** ENABLE_MONITOR / DISABLE_MONITOR on one VM: VM_MONITOR_SET / VM_MONITOR_UNSET. */
async function setMonitoring(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, on: boolean, key: string): Promise<void> {
  await enter(deps, t, vm, on ? 'VM_ALIVE_STATE' : 'VM_MONITOR_DISABLED_STATE', on);
  await ctx.emit(key, vmEvent(t, vm, on ? 'VM_MONITOR_SET' : 'VM_MONITOR_UNSET', ok(on ? 'Set Monitoring VM successfully.' : 'Unset Monitoring VM successfully.')));
}
