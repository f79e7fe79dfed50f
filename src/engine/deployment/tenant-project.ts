/**
 * A tenant maps to a project on the VIM (ESC's `external_tenant_id` / `vim_project_id`), made on
 * first need: by the tenants API, or by the first deploy into a tenant that did not exist (unified
 * deployment), which then reports CREATE_TENANT. A tenant with `vim_mapping` false has no project
 * of its own and deploys into the connector's project.
 */
import type { Tenant } from '../../domain/entities.ts';
import type { VimDriver } from '../../vim/driver.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { EngineDeps } from './deps.ts';

export async function ensureTenantProject(ctx: StepContext, deps: EngineDeps, tenant: Tenant, vim: VimDriver): Promise<boolean> {
  if (!tenant.vimMapping || tenant.vimProjectId) return false;
  const project = await ctx.step('tenant-project', () => vim.ensureProject(tenant.name, `tenant:${tenant.id}`));
  tenant.vimProjectId = project.id;
  tenant.vimProjectName = project.name;
  await deps.store.putTenant(tenant);
  return true;
}

export function tenantEventBody(tenant: Tenant, type: 'CREATE_TENANT' | 'DELETE_TENANT', statusMessage: string, failed = false) {
  return {
    type,
    status: failed ? ('FAILURE' as const) : ('SUCCESS' as const),
    statusCode: failed ? 500 : 200,
    statusMessage,
    tenant: tenant.name,
    tenantId: tenant.vimProjectId,
  };
}
