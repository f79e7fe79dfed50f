/**
 * VM operations (VMOP-1..3): start, stop, reboot (with `force`), enable and disable monitoring of one
 * VM. The service state is left as it is; the VM's own events report the outcome.
 */
import { messageOf } from '../../domain/errors.ts';
import type { Vm } from '../../domain/entities.ts';
import type { ServiceAction } from '../../domain/operation.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok } from '../deployment/event-bodies.ts';
import { loadTargetVm, viewOf, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { actOnVm } from '../vm/power.ts';

export interface VmActionInput {
  vmId: string;
  action: ServiceAction;
  force: boolean;
}

async function targetVm(ctx: StepContext, deps: EngineDeps): Promise<{ t: Target; vm: Vm; input: VmActionInput }> {
  const input = ctx.op.input as VmActionInput;
  return { ...(await loadTargetVm(deps, ctx.op, input.vmId)), input };
}

export const vmActionWorkflow: Workflow<EngineDeps> = {
  async run(ctx, deps) {
    const { t, vm, input } = await targetVm(ctx, deps);
    await actOnVm(ctx, deps, t, vm, input.action, { key: `vm:${vm.id}:${input.action}`, force: input.force });
    return { ...ok(`VM ${input.action} completed successfully, VM Name: [${vm.name}]`), view: viewOf(t) };
  },
  async fail(ctx, deps, err) {
    const { t, vm, input } = await targetVm(ctx, deps);
    return { ...failed(`VM ${input.action} failed, VM Name: [${vm.name}]: ${messageOf(err)}`), view: viewOf(t) };
  },
};
