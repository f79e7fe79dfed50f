/**
 * Tenant create and delete through the tenants API: the VIM project (with the connector user's
 * role in it) is made or removed, then CREATE_TENANT / DELETE_TENANT. A failed create forgets the
 * tenant again so the request can be repeated.
 */
import type { Tenant } from '../../domain/entities.ts';
import { ignoreNotFound } from '../../vim/errors.ts';
import type { EngineDeps } from '../deps.ts';
import type { StepContext } from '../step-context.ts';
import { ensureTenantProject, tenantEventBody } from '../tenant-project.ts';
import { messageOf } from '../vm-build.ts';
import type { Workflow } from './workflow.ts';

export interface TenantInput {
  tenant: Tenant;
  vimConnector: string;
}

async function current(ctx: StepContext, deps: EngineDeps): Promise<Tenant> {
  const { tenant } = ctx.op.input as TenantInput;
  return (await deps.store.getTenant(tenant.name)) ?? tenant;
}

export const tenantCreateWorkflow: Workflow = {
  async run(ctx, deps) {
    const { vimConnector } = ctx.op.input as TenantInput;
    const tenant = await current(ctx, deps);
    await ensureTenantProject(ctx, deps, tenant, deps.vims.get(vimConnector));
    const body = tenantEventBody(tenant, 'CREATE_TENANT', 'Tenant successfully created');
    await ctx.emit('tenant-created', body);
    return { status: body.status, statusCode: body.statusCode, statusMessage: body.statusMessage, tenant };
  },
  async fail(ctx, deps, err) {
    const tenant = await current(ctx, deps);
    await deps.store.deleteTenant(tenant.name);
    const body = tenantEventBody(tenant, 'CREATE_TENANT', `Tenant creation failed: ${messageOf(err)}`, true);
    await ctx.emit('tenant-created', body);
    return { status: body.status, statusCode: body.statusCode, statusMessage: body.statusMessage, tenant };
  },
};

export const tenantDeleteWorkflow: Workflow = {
  async run(ctx, deps) {
    const { vimConnector } = ctx.op.input as TenantInput;
    const tenant = await current(ctx, deps);
    if (tenant.vimMapping && tenant.vimProjectId)
      await ctx.step('project-delete', async () => {
        await ignoreNotFound(() => deps.vims.get(vimConnector).deleteProject(tenant.vimProjectId!));
        return null;
      });
    await deps.store.deleteTenant(tenant.name);
    const body = tenantEventBody(tenant, 'DELETE_TENANT', 'Tenant successfully deleted');
    await ctx.emit('tenant-deleted', body);
    return { status: body.status, statusCode: body.statusCode, statusMessage: body.statusMessage, tenant };
  },
  async fail(ctx, _deps, err) {
    const { tenant } = ctx.op.input as TenantInput;
    const body = tenantEventBody(tenant, 'DELETE_TENANT', `Tenant deletion failed: ${messageOf(err)}`, true);
    await ctx.emit('tenant-deleted', body);
    return { status: body.status, statusCode: body.statusCode, statusMessage: body.statusMessage, tenant };
  },
};
