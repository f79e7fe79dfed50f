/**
 * Checks a service update makes against the VIM before it is accepted (REST-1..3,
 * esc-interface.md §6.4), so a refusal is a 400 naming the culprit and nothing is recorded:
 * - every image the new deployment names that the recorded one did not (a group's image swapped for
 *   a snapshot's, a volume's source image) must exist on the deployment's VIM;
 * - every external volume (`external_volume_id`) it names anew must exist in the tenant's project,
 *   be `available`, and belong to a group of at most one VM (a volume attaches to one server) —
 *   the check a first deploy makes too (`deploy-intent.ts`).
 * The lookups are read-only and run before the accepting transaction; the workflow resolves every
 * name again when it runs.
 */
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import { errors } from '../domain/errors.ts';
import type { Scope, VimDriver } from '../vim/driver.ts';
import type { EngineDeps } from './deployment/deps.ts';
import { scopeOf } from './deployment/target.ts';

export async function checkUpdateOnVim(deps: EngineDeps, tenantName: string, spec: DeploymentSpec): Promise<void> {
  const deployment = await deps.store.getDeploymentByName(spec.name);
  const tenant = deployment && (await deps.store.getTenant(deployment.tenant));
  if (!deployment || !tenant || deployment.tenant !== tenantName) return; // the accept names these refusals
  const vim = deps.vims.get(deployment.vimConnector);
  const scope = scopeOf(tenant);
  const knownImages = new Set(imagesOf(deployment.spec));
  for (const name of new Set(imagesOf(spec)))
    if (!knownImages.has(name) && !(await vim.findImage(scope, name))) throw errors.imageNotOnVim(name, vim.id);
  const known = new Set(deployment.spec.vmGroups.flatMap((g) => g.volumes.map((v) => v.externalVolumeId)));
  const vmsOf = async (group: string) => (await deps.store.listVms({ deploymentId: deployment.id, group })).length;
  await checkExternalVolumes(vim, scope, spec, (id) => known.has(id), vmsOf);
}

/**
 * Every external volume of `spec` not `known` must be in `scope` and `available`, in a group of at
 * most one VM (`vmsOf`: the VMs a group has now). `scope` undefined: the tenant has no project yet,
 * so no volume is in it.
 */
export async function checkExternalVolumes(
  vim: VimDriver, scope: Scope | undefined, spec: DeploymentSpec, known: (id: string) => boolean, vmsOf: (group: string) => Promise<number>,
): Promise<void> {
  for (const group of spec.vmGroups)
    for (const v of group.volumes.filter((x) => x.externalVolumeId && !known(x.externalVolumeId))) {
      const id = v.externalVolumeId!;
      const vms = Math.max(group.scaling.minActive, await vmsOf(group.name));
      if (vms > 1) throw errors.externalVolumeShared(id, v.name, group.name, vms);
      const found = scope && (await vim.getVolume(scope, id));
      if (!found) throw errors.externalVolumeNotFound(id, v.name);
      if (found.status !== 'available') throw errors.externalVolumeNotAvailable(id, v.name, found.status);
    }
}

function imagesOf(spec: DeploymentSpec): string[] {
  return spec.vmGroups.flatMap((g) => [g.image, ...g.volumes.flatMap((v) => (v.image ? [v.image] : []))]);
}
