/**
 * Waits until the VM's guest is alive by the configured liveness check, within the group's
 * `bootup_time` (negative: no limit). The server's status is read through the batched poller
 * (architecture principle 4: one list call per cycle for every VM waiting in the project, at the
 * `server.action` interval), then the liveness check runs on the ACTIVE server; not alive yet, the
 * VM waits for its next check on the poller's schedule (at once, then 1 s doubling up to
 * poll.secs: `checksMade` carries it across the loop's waits, which would otherwise each check at once). A server that goes away or to ERROR ends the wait at once; running
 * out of time is a TIMEOUT (which recovery acts on).
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { errors, isDomainError } from '../../domain/errors.ts';
import { isVimNotFound } from '../../vim/errors.ts';
import type { VimServer } from '../../vim/driver.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';

/**
 * `seen`: the server as a wait of this run just read it (never a replayed step's record, which may
 * be old): the first check runs on it at once instead of a poll gap later (issue 14).
 */
export async function waitAlive(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, seen?: VimServer): Promise<true> {
  const deadline = group.bootupTime < 0 ? Infinity : deps.clock.now() + group.bootupTime * 1000;
  // A server just read counts as the first check; the poller's schedule goes on from there.
  for (let checksMade = 0, server = seen; ; checksMade++, server = undefined) {
    server ??= await activeOrError(ctx, deps, t, vm, deadline === Infinity ? -1 : Math.max(0, deadline - deps.clock.now()), group.bootupTime, checksMade);
    if (server.status.toUpperCase() === 'ERROR') throw errors.serverInError(vm.vimName, server.fault);
    if (await deps.liveness.isAlive(vm, server, group)) return true;
    if (deps.clock.now() >= deadline) throw errors.noLiveness(group.bootupTime);
  }
}

/** The server once the poller's next cycle finds it ACTIVE or in ERROR; its errors in liveness words. */
async function activeOrError(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, timeoutMs: number, bootupTime: number, checksMade: number): Promise<VimServer> {
  try {
    const server = await deps.poller.waitFor<VimServer>({
      vim: t.vim,
      scope: t.scope,
      kind: 'server',
      id: vm.serverId!,
      want: ['ACTIVE', 'ERROR'],
      policy: 'server.action',
      timeoutMs,
      checksMade,
      signal: ctx.signal,
      label: `server ${vm.vimName} (${vm.serverId})`,
    });
    return server!;
  } catch (err) {
    if (isDomainError(err, 'TIMEOUT')) throw errors.noLiveness(bootupTime);
    if (isVimNotFound(err)) throw errors.serverGone(vm.vimName, vm.serverId);
    throw err;
  }
}
