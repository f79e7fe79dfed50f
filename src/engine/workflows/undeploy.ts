/**
 * Undeploy (IMPL-1): every VM removed, group by group in reverse dependency order (COMP-1; in
 * parallel, bounded, within a group), then the server groups, the ephemeral networks, the records; SERVICE_UNDEPLOYED closes it (esc-interface.md §3.3). It may cut in on a deploy, start or
 * reboot (OPS-2, OPS-4): those are cancelled first, and this removes whatever they had made —
 * a snapshot cut short first of all, before the volumes its volume snapshots would hold (SNAP-1).
 * The tenant stays, even one a deploy created.
 */
import { messageOf } from '../../domain/errors.ts';
import type { DeploymentView } from '../../domain/entities.ts';
import type { OperationOutcome } from '../../domain/operation.ts';
import { vmOrderOf } from '../../domain/vm-order.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, serviceEvent } from '../deployment/event-bodies.ts';
import { finishService } from '../deployment/finish.ts';
import { deleteNetworks } from '../deployment/networks.ts';
import { deleteServerGroups } from '../deployment/server-groups.ts';
import { loadTarget, saveVm, viewOf } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { inDependencyOrder } from '../vm/in-dependency-order.ts';
import { cancelUnfinishedSnapshots } from '../vm/snapshot-cancel.ts';
import { teardownVm } from '../vm/teardown.ts';

export interface UndeployInput {
  view: DeploymentView;
}

export const undeployWorkflow: Workflow<EngineDeps> = {
  async run(ctx: StepContext, deps: EngineDeps) {
    const { view } = ctx.op.input as UndeployInput;
    if (!(await deps.store.getDeployment(view.deployment.id))) return finished(ctx, view);
    const t = await loadTarget(deps, view.deployment.id);
    await cancelUnfinishedSnapshots(ctx, deps, t);
    await inDependencyOrder(t.deployment.spec, [...t.vms], vmOrderOf('undeploy'), async (vm) => {
      if (vm.state !== 'VM_UNDEPLOYING_STATE') {
        vm.state = 'VM_UNDEPLOYING_STATE';
        await saveVm(deps, t, vm);
      }
      await teardownVm(ctx, deps, t, vm);
    });
    await deleteServerGroups(ctx, deps, t);
    await deleteNetworks(ctx, deps, t, [...t.deployment.networks]);
    const last = viewOf(t);
    await deps.store.transaction(async (tx) => {
      for (const vm of t.vms) await tx.deleteVm(vm.id);
      await tx.deleteDeployment(t.deployment.id);
    });
    return finished(ctx, last);
  },

  async fail(ctx, deps, err) {
    const { view } = ctx.op.input as UndeployInput;
    const t = await loadTarget(deps, view.deployment.id);
    const end = { state: 'SERVICE_ERROR_STATE', event: 'SERVICE_UNDEPLOYED', key: 'service-undeployed' } as const;
    return finishService(ctx, deps, t, end, failed(`Service group undeployment failed: ${messageOf(err)}`));
  },
};

/** The closing event, also when a resumed run finds the records already removed. */
async function finished(ctx: StepContext, view: DeploymentView): Promise<OperationOutcome> {
  const report = ok('Service group undeployment completed successfully');
  await ctx.emit('service-undeployed', serviceEvent(view, 'SERVICE_UNDEPLOYED', report));
  return { ...report, view: { ...view, deployment: { ...view.deployment, state: 'SERVICE_UNDEPLOYING_STATE' } } };
}
