/**
 * Tenant create and delete through the tenants API: the VIM project (with the connector user's
 * role in it) is made or removed, then CREATE_TENANT / DELETE_TENANT. A failed create forgets the
 * tenant again so the request can be repeated.
 */
import { messageOf } from '../../domain/errors.ts';
import type { Tenant } from '../../domain/entities.ts';
import type { OperationOutcome } from '../../domain/operation.ts';
import { ignoreNotFound } from '../../vim/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { ensureTenantProject, tenantEventBody } from '../deployment/tenant-project.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { Workflow } from '../runtime/workflow.ts';

export interface TenantInput {
  tenant: Tenant;
  vimConnector: string;
}

async function current(ctx: StepContext, deps: EngineDeps): Promise<Tenant> {
  const { tenant } = ctx.op.input as TenantInput;
  return (await deps.store.getTenant(tenant.name)) ?? tenant;
}

/** The tenant event (keyed so a replay re-publishes the same one) and the outcome it reports. */
async function reportTenant(
  ctx: StepContext,
  tenant: Tenant,
  type: 'CREATE_TENANT' | 'DELETE_TENANT',
  message: string,
  failure = false,
): Promise<OperationOutcome> {
  const body = tenantEventBody(tenant, type, message, failure);
  await ctx.emit(type === 'CREATE_TENANT' ? 'tenant-created' : 'tenant-deleted', body);
  return { status: body.status, statusCode: body.statusCode, statusMessage: body.statusMessage, tenant };
}

export const tenantCreateWorkflow: Workflow<EngineDeps> = {
  async run(ctx, deps) {
    const { vimConnector } = ctx.op.input as TenantInput;
    const tenant = await current(ctx, deps);
    await ensureTenantProject(ctx, deps, tenant, deps.vims.get(vimConnector));
    return reportTenant(ctx, tenant, 'CREATE_TENANT', 'Tenant successfully created');
  },
  async fail(ctx, deps, err) {
    const tenant = await current(ctx, deps);
    await deps.store.deleteTenant(tenant.name);
    return reportTenant(ctx, tenant, 'CREATE_TENANT', `Tenant creation failed: ${messageOf(err)}`, true);
  },
};

export const tenantDeleteWorkflow: Workflow<EngineDeps> = {
  async run(ctx, deps) {
    const { vimConnector } = ctx.op.input as TenantInput;
    const tenant = await current(ctx, deps);
    if (tenant.vimMapping && tenant.vimProjectId)
      await ctx.step('project-delete', async () => {
        await ignoreNotFound(() => deps.vims.get(vimConnector).deleteProject(tenant.vimProjectId!));
        return null;
      });
    await deps.store.deleteTenant(tenant.name);
    return reportTenant(ctx, tenant, 'DELETE_TENANT', 'Tenant successfully deleted');
  },
  async fail(ctx, _deps, err) {
    const { tenant } = ctx.op.input as TenantInput;
    return reportTenant(ctx, tenant, 'DELETE_TENANT', `Tenant deletion failed: ${messageOf(err)}`, true);
  },
};
