/**
 * Checks a first deploy makes against the VIM before it is accepted (REST-3): its external volumes
 * (`external_volume_id`), with the update's check (`update-intent.ts`), so a refusal is a 400
 * naming the volume and nothing is recorded. Images are not looked up here: an unknown one is
 * reported when the deploy resolves it (SERVICE_ALIVE FAILURE), as before.
 */
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import type { Scope, VimDriver } from '../vim/driver.ts';
import type { EngineDeps } from './deployment/deps.ts';
import { scopeOf } from './deployment/target.ts';
import { checkExternalVolumes } from './update-intent.ts';

export async function checkDeployOnVim(deps: EngineDeps, tenantName: string, spec: DeploymentSpec): Promise<void> {
  if (!spec.vmGroups.some((g) => g.volumes.some((v) => v.externalVolumeId))) return;
  if (await deps.store.getDeploymentByName(spec.name)) return; // the accept refuses it as existing
  const vim = deps.vims.get(deps.vims.defaultId());
  await checkExternalVolumes(vim, await deployScope(deps, vim, tenantName), spec, () => false, async () => 0);
}

/**
 * The project a first deploy of `tenantName` acts in: the one the tenant has — or, for a tenant the
 * deploy makes, the project it will map to (found by name, as the deploy makes it); undefined when
 * there is no project yet.
 */
export async function deployScope(deps: Pick<EngineDeps, 'store'>, vim: VimDriver, tenantName: string): Promise<Scope | undefined> {
  const tenant = await deps.store.getTenant(tenantName);
  if (tenant && (!tenant.vimMapping || tenant.vimProjectId)) return scopeOf(tenant);
  const project = await vim.findProject(tenantName);
  return project ? { projectId: project.id } : undefined;
}
