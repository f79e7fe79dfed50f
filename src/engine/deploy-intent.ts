/**
 * Checks a first deploy makes against the VIM before it is accepted (REST-3): its external volumes
 * (`external_volume_id`), with the update's check (`update-intent.ts`), so a refusal is a 400
 * naming the volume and nothing is recorded. Images are not looked up here: an unknown one is
 * reported when the deploy resolves it (SERVICE_ALIVE FAILURE), as before.
 */
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import type { Scope } from '../vim/driver.ts';
import type { EngineDeps } from './deployment/deps.ts';
import { scopeOf } from './deployment/target.ts';
import { checkExternalVolumes } from './update-intent.ts';

/**
 * A first deploy's external volumes, in the project the tenant has — or, for a tenant the deploy
 * makes, the project it will map to (found by name, as the deploy makes it); with no project yet,
 * none of them can be in it.
 */
export async function checkDeployOnVim(deps: EngineDeps, tenantName: string, spec: DeploymentSpec): Promise<void> {
  if (!spec.vmGroups.some((g) => g.volumes.some((v) => v.externalVolumeId))) return;
  if (await deps.store.getDeploymentByName(spec.name)) return; // the accept refuses it as existing
  const vim = deps.vims.get(deps.vims.defaultId());
  const tenant = await deps.store.getTenant(tenantName);
  let scope: Scope | undefined = tenant && (!tenant.vimMapping || tenant.vimProjectId) ? scopeOf(tenant) : undefined;
  if (!scope) {
    const project = await vim.findProject(tenantName);
    if (project) scope = { projectId: project.id };
  }
  await checkExternalVolumes(vim, scope, spec, () => false, async () => 0);
}
