/**
 * VM operations (VMOP-1..3): start, stop, reboot (with `force`), enable and disable monitoring of one
 * VM. The service state is left as it is; the VM's own events report the outcome.
 */
import { DomainError } from '../../domain/errors.ts';
import type { EngineDeps } from '../deps.ts';
import type { StepContext } from '../step-context.ts';
import { loadTarget, ok, viewOf, type Target } from '../target.ts';
import { messageOf } from '../vm-build.ts';
import { powerAction, setMonitoring, type PowerAction } from '../vm-power.ts';
import type { Workflow } from './workflow.ts';

export type VmActionName = PowerAction | 'enableMonitor' | 'disableMonitor';

export interface VmActionInput {
  vmId: string;
  action: VmActionName;
  force: boolean;
}

async function targetVm(ctx: StepContext, deps: EngineDeps): Promise<{ t: Target; vm: Target['vms'][number]; input: VmActionInput }> {
  const input = ctx.op.input as VmActionInput;
  const t = await loadTarget(deps, ctx.op.deploymentId!);
  const vm = t.vms.find((v) => v.id === input.vmId);
  if (!vm) throw new DomainError('NOT_FOUND', `VM [${ctx.op.vmName}] no longer exists`);
  return { t, vm, input };
}

export const vmActionWorkflow: Workflow = {
  async run(ctx, deps) {
    const { t, vm, input } = await targetVm(ctx, deps);
    const key = `vm:${vm.id}:${input.action}`;
    if (input.action === 'enableMonitor' || input.action === 'disableMonitor')
      await setMonitoring(ctx, deps, t, vm, input.action === 'enableMonitor', key);
    else await powerAction(ctx, deps, t, vm, input.action, { key, force: input.force });
    return { ...ok(`VM ${input.action} completed successfully, VM Name: [${vm.name}]`), view: viewOf(t) };
  },
  async fail(ctx, deps, err) {
    const { t, vm, input } = await targetVm(ctx, deps);
    return { status: 'FAILURE', statusCode: 500, statusMessage: `VM ${input.action} failed, VM Name: [${vm.name}]: ${messageOf(err)}`, view: viewOf(t) };
  },
};
