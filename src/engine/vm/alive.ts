/**
 * Waits for liveness within `bootup_time` and records VM_ALIVE (deploy, start, reboot). With
 * `recovery` (a VM being deployed, IMPL-2 trigger (a)), a VM that does not come alive is recovered
 * by its group's policy where the rules allow it, instead of failing.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { isDomainError, messageOf } from '../../domain/errors.ts';
import { recoversAutomatically } from '../../domain/recovery-policy.ts';
import type { VimServer } from '../../vim/driver.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, vmEvent } from '../deployment/event-bodies.ts';
import type { Refs } from '../deployment/resolve.ts';
import { saveVm, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { waitAlive } from './liveness-wait.ts';
import { recoverVm } from './recovery.ts';

export async function becomeAlive(
  ctx: StepContext,
  deps: EngineDeps,
  t: Target,
  vm: Vm,
  group: VmGroupSpec,
  opts: { key: string; message: string; recovery?: { refs: Refs }; seen?: VimServer },
): Promise<void> {
  try {
    await ctx.step(opts.key, () => waitAlive(ctx, deps, t, vm, group, opts.seen));
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    if (opts.recovery && isDomainError(err, 'TIMEOUT') && recoversAutomatically(t.deployment.state, group)) {
      await recoverVm(ctx, deps, t, vm, group, { key: `${opts.key}:recovery`, refs: opts.recovery.refs, reason: messageOf(err) });
    } else {
      vm.state = 'VM_ERROR_STATE';
      await saveVm(deps, t, vm);
      await ctx.emit(opts.key, vmEvent(t, vm, 'VM_ALIVE', failed(`VM [${vm.name}] did not come alive: ${messageOf(err)}`)));
      throw err;
    }
  }
  vm.state = 'VM_ALIVE_STATE';
  vm.monitoring = true;
  await saveVm(deps, t, vm);
  await ctx.emit(opts.key, vmEvent(t, vm, 'VM_ALIVE', ok(`${opts.message}, VM ID: [${vm.serverId}]`)));
}
