/**
 * Deploy (IMPL-1): the tenant's VIM project when new, the ephemeral networks, then every VM group in
 * dependency order; SERVICE_ALIVE when all VMs are alive. A failure leaves what was built recorded
 * (ESC's contract: the orchestrator undeploys to clean up) and puts the service in error.
 */
import { isoTime } from '../../time/clock.ts';
import type { EngineDeps } from '../deps.ts';
import { createNetworks } from '../networks.ts';
import { resolveRefs } from '../resolve.ts';
import type { StepContext } from '../step-context.ts';
import { failed, loadTarget, ok, scopeOf, serviceEvent, viewOf } from '../target.ts';
import { ensureTenantProject, tenantEventBody } from '../tenant-project.ts';
import { messageOf } from '../vm-build.ts';
import { buildGroups } from './build-groups.ts';
import type { Workflow } from './workflow.ts';

export const deployWorkflow: Workflow = {
  async run(ctx: StepContext, deps: EngineDeps) {
    const t = await loadTarget(deps, ctx.op.deploymentId!);
    if (await ensureTenantProject(ctx, deps, t.tenant, t.vim)) {
      t.scope = scopeOf(t.tenant);
      if (t.tenant.createdBy === 'deployment')
        await ctx.emit('tenant-created', tenantEventBody(t.tenant, 'CREATE_TENANT', 'Tenant successfully created'));
    }
    await createNetworks(ctx, deps, t, t.deployment.spec.networks);
    const refs = await ctx.step('resolve', () => resolveRefs(t, t.deployment.spec));
    await buildGroups(ctx, deps, t, t.deployment.spec, t.vms, refs);
    t.deployment.state = 'SERVICE_ACTIVE_STATE';
    t.deployment.updatedAt = isoTime(deps.clock);
    await deps.store.putDeployment(t.deployment);
    const outcome = ok('Service group deployment completed successfully');
    await ctx.emit('service-alive', serviceEvent(t, 'SERVICE_ALIVE', outcome));
    return { ...outcome, view: viewOf(t) };
  },

  async fail(ctx, deps, err) {
    const t = await loadTarget(deps, ctx.op.deploymentId!);
    t.deployment.state = 'SERVICE_ERROR_STATE';
    t.deployment.updatedAt = isoTime(deps.clock);
    await deps.store.putDeployment(t.deployment);
    const outcome = failed(`Service group deployment failed: ${messageOf(err)}`);
    await ctx.emit('service-alive', serviceEvent(t, 'SERVICE_ALIVE', outcome));
    return { ...outcome, view: viewOf(t) };
  },
};
