/**
 * VM recovery (IMPL-2; esc-interface.md §6.2) as durable steps: VM_RECOVERY_INIT, then the attempts
 * the group's policy gives (`domain/recovery-policy.ts`) until one brings the VM back — a hard
 * reboot (VM_RECOVERY_REBOOT) or a redeploy (VM_RECOVERY_UNDEPLOYED, VM_RECOVERY_DEPLOYED) — and
 * VM_RECOVERY_COMPLETE with the outcome. A redeploy replaces the server only: the VM keeps its ports
 * (so its addresses) and volumes.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { errors, messageOf } from '../../domain/errors.ts';
import { recoveryAttempts, recoveryPolicyOf, type RecoveryAttempt } from '../../domain/recovery-policy.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, vmEvent } from '../deployment/event-bodies.ts';
import type { Refs } from '../deployment/resolve.ts';
import { saveVm, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { waitAlive } from './liveness-wait.ts';
import { applyServer, createServer, deleteServer, waitServer } from './server.ts';
import { waitVolumeAvailable } from './volumes.ts';

interface Recovery {
  ctx: StepContext;
  deps: EngineDeps;
  t: Target;
  vm: Vm;
  group: VmGroupSpec;
  key: string;
  refs: Refs;
}

export async function recoverVm(
  ctx: StepContext,
  deps: EngineDeps,
  t: Target,
  vm: Vm,
  group: VmGroupSpec,
  o: { key: string; refs: Refs; reason: string },
): Promise<void> {
  const r: Recovery = { ctx, deps, t, vm, group, key: o.key, refs: o.refs };
  const policy = recoveryPolicyOf(group);
  vm.state = 'VM_REBOOTING_STATE';
  await saveVm(deps, t, vm);
  await ctx.emit(`${o.key}:init`, vmEvent(t, vm, 'VM_RECOVERY_INIT', ok(`Recovery event for VM [${vm.name}] triggered (${o.reason}). Processing Auto healing. Proceeding with Recovery.`)));
  let lastError = o.reason;
  for (const attempt of recoveryAttempts(policy)) {
    try {
      await tryAttempt(r, attempt);
      await ctx.emit(`${o.key}:complete`, vmEvent(t, vm, 'VM_RECOVERY_COMPLETE', ok(`Recovery: Successfully recovered VM [${vm.name}].`)));
      return;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      lastError = messageOf(err);
    }
  }
  vm.state = 'VM_ERROR_STATE';
  await saveVm(deps, t, vm);
  const error = errors.recoveryFailed(vm.name, policy.actionOnRecovery.toUpperCase(), lastError);
  await ctx.emit(`${o.key}:complete`, vmEvent(t, vm, 'VM_RECOVERY_COMPLETE', failed(error.message)));
  throw error;
}

/** One attempt; resolves when the VM is alive again. */
async function tryAttempt(r: Recovery, attempt: RecoveryAttempt): Promise<void> {
  const { ctx, deps, t, vm, group } = r;
  const key = attempt.kind === 'reboot' ? `${r.key}:reboot` : `${r.key}:redeploy:${attempt.attempt}`;
  if (attempt.kind === 'reboot') {
    await ctx.step(key, async () => (await t.vim.rebootServer(t.scope, vm.serverId!, 'HARD'), null));
    await ctx.step(`${key}-active`, () => waitServer(ctx, deps, t, vm, { want: 'ACTIVE', policy: 'server.action' }));
    await ctx.emit(key, vmEvent(t, vm, 'VM_RECOVERY_REBOOT', ok(`VM [${vm.name}] hard rebooted for recovery`)));
    await ctx.step(`${key}-alive`, () => waitAlive(ctx, deps, t, vm, group));
  } else {
    await redeploy(r, key);
    await ctx.step(`${key}:alive`, () => waitAlive(ctx, deps, t, vm, group));
  }
}

/** Replaces the VM's server: delete (wait until gone), VM_RECOVERY_UNDEPLOYED, create on the same ports and volumes, ACTIVE, VM_RECOVERY_DEPLOYED. */
async function redeploy({ ctx, deps, t, vm, group, refs }: Recovery, key: string): Promise<void> {
  const old = vm.serverId;
  await ctx.step(`${key}:delete`, async () => {
    if (old) await deleteServer(ctx, deps, t, vm, old);
    return null;
  });
  await ctx.emit(`${key}:undeployed`, vmEvent(t, vm, 'VM_RECOVERY_UNDEPLOYED', ok(`VM [${vm.name}] has been undeployed.`)));
  const volumes = await ctx.step(`${key}:volumes`, () =>
    Promise.all(vm.volumes.map((v) => waitVolumeAvailable(ctx, deps, t, { id: v.volumeId!, name: v.name }))),
  );
  vm.serverId = await ctx.step(`${key}:create`, async () => (await createServer(ctx, t, vm, group, refs, volumes)).id);
  await saveVm(deps, t, vm);
  applyServer(vm, await ctx.step(`${key}:active`, () => waitServer(ctx, deps, t, vm, { want: 'ACTIVE', policy: 'server.create' })));
  await saveVm(deps, t, vm);
  const deployed = vmEvent(t, vm, 'VM_RECOVERY_DEPLOYED', ok(`VM [${vm.name}] has been redeployed.`));
  await ctx.emit(`${key}:deployed`, { ...deployed, vmTarget: deployed.vmSource });
}
