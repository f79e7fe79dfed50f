/**
 * Deploy (IMPL-1): the tenant's VIM project when new, the ephemeral networks, the server groups of
 * its placement policies, then every VM group in dependency order; SERVICE_ALIVE when all VMs are alive. A failure leaves what was built recorded
 * (ESC's contract: the orchestrator undeploys to clean up) and puts the service in error.
 */
import { messageOf } from '../../domain/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok } from '../deployment/event-bodies.ts';
import { finishService } from '../deployment/finish.ts';
import { createNetworks } from '../deployment/networks.ts';
import { resolveRefs } from '../deployment/resolve.ts';
import { createServerGroups } from '../deployment/server-groups.ts';
import { loadTarget, scopeOf } from '../deployment/target.ts';
import { ensureTenantProject, tenantEventBody } from '../deployment/tenant-project.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { buildVms } from '../vm/build.ts';

const serviceAlive = { event: 'SERVICE_ALIVE', key: 'service-alive' } as const;

export const deployWorkflow: Workflow<EngineDeps> = {
  async run(ctx: StepContext, deps: EngineDeps) {
    const t = await loadTarget(deps, ctx.op.deploymentId!);
    if (await ensureTenantProject(ctx, deps, t.tenant, t.vim)) {
      t.scope = scopeOf(t.tenant);
      if (t.tenant.createdBy === 'deployment')
        await ctx.emit('tenant-created', tenantEventBody(t.tenant, 'CREATE_TENANT', 'Tenant successfully created'));
    }
    await createNetworks(ctx, deps, t, t.deployment.spec.networks);
    await createServerGroups(ctx, deps, t);
    const refs = await ctx.step('resolve', () => resolveRefs(t, t.deployment.spec));
    await buildVms(ctx, deps, t, t.vms, refs);
    return finishService(ctx, deps, t, { state: 'SERVICE_ACTIVE_STATE', ...serviceAlive }, ok('Service group deployment completed successfully'));
  },

  async fail(ctx, deps, err) {
    const t = await loadTarget(deps, ctx.op.deploymentId!);
    return finishService(ctx, deps, t, { state: 'SERVICE_ERROR_STATE', ...serviceAlive }, failed(`Service group deployment failed: ${messageOf(err)}`));
  },
};
