/**
 * Checks a service update makes before it is accepted (REST-1, esc-interface.md §6.4): every image
 * the new deployment names that the recorded one did not — a group's image swapped for a snapshot's,
 * a volume's source image — must exist on the deployment's VIM, or the update is refused with 400
 * naming it and nothing is recorded. The lookups are read-only and run before the accepting
 * transaction; the workflow's own resolve step still checks every name again when it runs.
 */
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import { errors } from '../domain/errors.ts';
import type { EngineDeps } from './deployment/deps.ts';
import { scopeOf } from './deployment/target.ts';

export async function refuseUnknownImages(deps: EngineDeps, tenantName: string, spec: DeploymentSpec): Promise<void> {
  const deployment = await deps.store.getDeploymentByName(spec.name);
  const tenant = deployment && (await deps.store.getTenant(deployment.tenant));
  if (!deployment || !tenant || deployment.tenant !== tenantName) return; // the accept names these refusals
  const known = new Set(imagesOf(deployment.spec));
  const vim = deps.vims.get(deployment.vimConnector);
  for (const name of new Set(imagesOf(spec)))
    if (!known.has(name) && !(await vim.findImage(scopeOf(tenant), name))) throw errors.imageNotOnVim(name, vim.id);
}

function imagesOf(spec: DeploymentSpec): string[] {
  return spec.vmGroups.flatMap((g) => [g.image, ...g.volumes.flatMap((v) => (v.image ? [v.image] : []))]);
}
