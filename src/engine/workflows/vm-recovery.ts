/**
 * Recovery of one VM asked for by name (IMPL-2, esc-interface.md §6.2: an operator's manual
 * recovery; automatic recovery of a running VM asks the same): the group's `recovery_policy` as it
 * is, with the attempts and VM_RECOVERY_* events of a recovery during deploy (`vm/recovery.ts`),
 * whatever the group's `recovery_type` (MANUAL is what waits for this). The deployment's names and
 * the VM's own image are resolved first: a service update may have given the VM a new image, and a
 * redeploy builds from it (REST-1). The VM ends alive or in error; the service state is left as it
 * is; the completion callback carries the deployment.
 */
import { messageOf } from '../../domain/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, vmEvent } from '../deployment/event-bodies.ts';
import { resolveRefs } from '../deployment/resolve.ts';
import { groupOf, loadTargetVm, saveVm, viewOf } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { recoverVm } from '../vm/recovery.ts';

export interface VmRecoveryInput {
  vmId: string;
  /** Who asked, for the VM_RECOVERY_INIT text (e.g. `requested by the operator`). */
  reason: string;
}

const keyOf = (vmId: string) => `vm:${vmId}:recovery`;

function targetVm(ctx: StepContext, deps: EngineDeps) {
  return loadTargetVm(deps, ctx.op, (ctx.op.input as VmRecoveryInput).vmId);
}

export const vmRecoveryWorkflow: Workflow<EngineDeps> = {
  async run(ctx, deps) {
    const { t, vm } = await targetVm(ctx, deps);
    const group = groupOf(t, vm);
    const refs = await ctx.step('resolve', () => resolveRefs(t, t.deployment.spec, [vm.image]));
    await recoverVm(ctx, deps, t, vm, group, { key: keyOf(vm.id), refs, reason: (ctx.op.input as VmRecoveryInput).reason });
    vm.state = 'VM_ALIVE_STATE';
    vm.monitoring = true;
    await saveVm(deps, t, vm);
    return { ...ok(`VM recovery completed successfully, VM Name: [${vm.name}]`), view: viewOf(t) };
  },

  async fail(ctx, deps, err) {
    const { t, vm } = await targetVm(ctx, deps);
    vm.state = 'VM_ERROR_STATE';
    await saveVm(deps, t, vm);
    // A failure before the attempts (a name that no longer resolves) still ends the recovery with
    // VM_RECOVERY_COMPLETE; where `recoverVm` already sent it, the same key publishes nothing new.
    await ctx.emit(`${keyOf(vm.id)}:complete`, vmEvent(t, vm, 'VM_RECOVERY_COMPLETE', failed(messageOf(err))));
    return { ...failed(`VM recovery failed, VM Name: [${vm.name}]: ${messageOf(err)}`), view: viewOf(t) };
  },
};
