/**
 * VM recovery (IMPL-2; esc-interface.md §6.2), as ESC runs it for a VM that does not come alive
 * within its `bootup_time` while being deployed: VM_RECOVERY_INIT, then by the group's
 * `recovery_policy` — a hard reboot (VM_RECOVERY_REBOOT), and if the VM is still down a redeploy
 * (VM_RECOVERY_UNDEPLOYED, VM_RECOVERY_DEPLOYED), repeated up to `max_retries` — and
 * VM_RECOVERY_COMPLETE with the outcome. A redeploy replaces the server only: the VM keeps its
 * ports (so its addresses) and volumes. Recovery runs only where the service state allows it
 * (refused while stopped, OPS-3) and only with `recovery_type` AUTO; MANUAL waits for an operator.
 */
import { defaultRecoveryPolicy, type RecoveryPolicySpec, type VmGroupSpec } from '../domain/deployment-spec.ts';
import type { Vm } from '../domain/entities.ts';
import { DomainError } from '../domain/errors.ts';
import { serviceDecision } from '../domain/service-transitions.ts';
import type { VimVolume } from '../vim/driver.ts';
import type { EngineDeps } from './deps.ts';
import type { Refs } from './resolve.ts';
import type { StepContext } from './step-context.ts';
import { failed, ok, vmEvent, type Target } from './target.ts';
import { applyServer, createServer, messageOf, saveVm, waitActive, waitAlive } from './vm-build.ts';
import { deleteServer } from './vm-teardown.ts';

export function policyOf(group: VmGroupSpec): RecoveryPolicySpec {
  return group.recoveryPolicy ?? defaultRecoveryPolicy;
}

export function mayRecover(t: Target, group: VmGroupSpec): boolean {
  return policyOf(group).recoveryType.toUpperCase() === 'AUTO' && serviceDecision(t.deployment.state, 'recovery').allowed;
}

export async function recoverVm(
  ctx: StepContext,
  deps: EngineDeps,
  t: Target,
  vm: Vm,
  group: VmGroupSpec,
  o: { key: string; refs: Refs; reason: string },
): Promise<void> {
  const policy = policyOf(group);
  const action = policy.actionOnRecovery.toUpperCase();
  vm.state = 'VM_REBOOTING_STATE';
  await saveVm(deps, t, vm);
  await ctx.emit(`${o.key}:init`, vmEvent(t, vm, 'VM_RECOVERY_INIT', ok(`Recovery event for VM [${vm.name}] triggered (${o.reason}). Processing Auto healing. Proceeding with Recovery.`)));
  const alive = () => waitAlive(ctx, deps, t, vm, group);
  let lastError = o.reason;
  if (action !== 'REDEPLOY_ONLY') {
    try {
      await ctx.step(`${o.key}:reboot`, async () => (await t.vim.rebootServer(t.scope, vm.serverId!, 'HARD'), null));
      await ctx.step(`${o.key}:reboot-active`, () => waitActive(ctx, deps, t, vm, 'server.action'));
      await ctx.emit(`${o.key}:reboot`, vmEvent(t, vm, 'VM_RECOVERY_REBOOT', ok(`VM [${vm.name}] hard rebooted for recovery`)));
      await ctx.step(`${o.key}:reboot-alive`, alive);
      return complete(ctx, t, vm, o.key);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      lastError = messageOf(err);
    }
  }
  if (action !== 'REBOOT_ONLY')
    for (let n = 1; n <= Math.max(1, policy.maxRetries); n++) {
      try {
        await redeploy(ctx, deps, t, vm, group, { key: `${o.key}:redeploy:${n}`, refs: o.refs });
        await ctx.step(`${o.key}:redeploy:${n}:alive`, alive);
        return complete(ctx, t, vm, o.key);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        lastError = messageOf(err);
      }
    }
  vm.state = 'VM_ERROR_STATE';
  await saveVm(deps, t, vm);
  const message = `Recovery: failed to recover VM [${vm.name}] (${action}): ${lastError}`;
  await ctx.emit(`${o.key}:complete`, vmEvent(t, vm, 'VM_RECOVERY_COMPLETE', failed(message)));
  throw new DomainError('VIM_FAILED', message);
}

async function complete(ctx: StepContext, t: Target, vm: Vm, key: string): Promise<void> {
  await ctx.emit(`${key}:complete`, vmEvent(t, vm, 'VM_RECOVERY_COMPLETE', ok(`Recovery: Successfully recovered VM [${vm.name}].`)));
}

/** Replaces the VM's server: delete (wait until gone), VM_RECOVERY_UNDEPLOYED, create on the same ports and volumes, ACTIVE, VM_RECOVERY_DEPLOYED. */
async function redeploy(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, o: { key: string; refs: Refs }): Promise<void> {
  const old = vm.serverId;
  await ctx.step(`${o.key}:delete`, async () => {
    if (old) await deleteServer(ctx, deps, t, vm, old);
    return null;
  });
  await ctx.emit(`${o.key}:undeployed`, vmEvent(t, vm, 'VM_RECOVERY_UNDEPLOYED', ok(`VM [${vm.name}] has been undeployed.`)));
  // The deleted server's volumes detach asynchronously; the new server can take them once available.
  const volumes = await ctx.step(`${o.key}:volumes`, () =>
    Promise.all(
      vm.volumes.map(async (v) =>
        (await deps.poller.waitFor<VimVolume>({
          vim: t.vim, scope: t.scope, kind: 'volume', id: v.volumeId!, want: ['available'], failOn: ['error'],
          policy: 'volume.create', signal: ctx.signal, label: `volume ${v.name} (${v.volumeId})`,
        }))!,
      ),
    ),
  );
  vm.serverId = await ctx.step(`${o.key}:create`, async () => (await createServer(ctx, deps, t, vm, group, o.refs, volumes)).id);
  await saveVm(deps, t, vm);
  applyServer(vm, await ctx.step(`${o.key}:active`, () => waitActive(ctx, deps, t, vm, 'server.create')));
  await saveVm(deps, t, vm);
  await ctx.emit(`${o.key}:deployed`, { ...vmEvent(t, vm, 'VM_RECOVERY_DEPLOYED', ok(`VM [${vm.name}] has been redeployed.`)), vmTarget: vmEvent(t, vm, 'VM_RECOVERY_DEPLOYED', ok('')).vmSource });
}
