/**
 * Undeploy (IMPL-1): every VM removed (in parallel, bounded), then the ephemeral networks, then the
 * records; SERVICE_UNDEPLOYED closes it (esc-interface.md §3.3). It may cut in on a deploy, start or
 * reboot (OPS-2, OPS-4): those are cancelled first, and this removes whatever they had made.
 * The tenant stays, even one a deploy created.
 */
import type { Deployment, DeploymentView, Tenant } from '../../domain/entities.ts';
import type { EngineDeps } from '../deps.ts';
import { allSettledOrThrow, createLimiter } from '../limiter.ts';
import { deleteNetworks } from '../networks.ts';
import type { StepContext } from '../step-context.ts';
import { failed, finishService, loadTarget, ok, serviceEvent, viewOf, type Target } from '../target.ts';
import { messageOf, saveVm } from '../vm-build.ts';
import { teardownVm } from '../vm-teardown.ts';
import type { Workflow } from './workflow.ts';

export interface UndeployInput {
  view: DeploymentView;
}

export const undeployWorkflow: Workflow = {
  async run(ctx: StepContext, deps: EngineDeps) {
    const { view } = ctx.op.input as UndeployInput;
    if (!(await deps.store.getDeployment(view.deployment.id))) return finished(ctx, deps, view);
    const t = await loadTarget(deps, view.deployment.id);
    const limit = createLimiter(deps.config.number('engine.vm.parallelism'));
    await allSettledOrThrow(
      t.vms.map((vm) =>
        limit(async () => {
          if (vm.state !== 'VM_UNDEPLOYING_STATE') {
            vm.state = 'VM_UNDEPLOYING_STATE';
            await saveVm(deps, t, vm);
          }
          await teardownVm(ctx, deps, t, vm);
        }),
      ),
    );
    await deleteNetworks(ctx, deps, t, [...t.deployment.networks]);
    const last = viewOf(t);
    await deps.store.transaction(async (tx) => {
      for (const vm of t.vms) await tx.deleteVm(vm.id);
      await tx.deleteDeployment(t.deployment.id);
    });
    return finished(ctx, deps, last);
  },

  async fail(ctx, deps, err) {
    const { view } = ctx.op.input as UndeployInput;
    const t = await loadTarget(deps, view.deployment.id);
    const end = { state: 'SERVICE_ERROR_STATE', event: 'SERVICE_UNDEPLOYED', key: 'service-undeployed' } as const;
    return finishService(ctx, deps, t, end, failed(`Service group undeployment failed: ${messageOf(err)}`));
  },
};

/** The closing event, also when a resumed run finds the records already removed. */
async function finished(ctx: StepContext, deps: EngineDeps, view: DeploymentView) {
  const outcome = ok('Service group undeployment completed successfully');
  const named = { tenant: view.tenant, deployment: view.deployment } as Pick<Target, 'tenant' | 'deployment'> as Target;
  await ctx.emit('service-undeployed', serviceEvent(named, 'SERVICE_UNDEPLOYED', outcome));
  return { ...outcome, view: { ...view, deployment: { ...view.deployment, state: 'SERVICE_UNDEPLOYING_STATE' } as Deployment, tenant: view.tenant as Tenant } };
}
