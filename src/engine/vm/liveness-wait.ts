/**
 * Waits until the VM's guest is alive by the configured liveness check, within the group's
 * `bootup_time` (negative: no limit), polling at the `server.action` interval. A server that goes
 * away or to ERROR ends the wait at once; running out of time is a TIMEOUT (which recovery acts on).
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';

export async function waitAlive(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec): Promise<true> {
  const deadline = group.bootupTime < 0 ? Infinity : deps.clock.now() + group.bootupTime * 1000;
  const { intervalMs } = deps.config.poller('server.action');
  for (;;) {
    const server = await t.vim.getServer(t.scope, vm.serverId!);
    if (!server) throw errors.serverGone(vm.vimName, vm.serverId);
    if (server.status === 'ERROR') throw errors.serverInError(vm.vimName, server.fault);
    if (await deps.liveness.isAlive(vm, server, group)) return true;
    if (deps.clock.now() >= deadline) throw errors.noLiveness(group.bootupTime);
    await deps.clock.sleep(Math.min(intervalMs, Math.max(0, deadline - deps.clock.now())), ctx.signal);
  }
}
