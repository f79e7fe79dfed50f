/**
 * @module Keystone projects for tenants, as ESC maps them: a tenant is a project in the
 * connector's domain, and the connector's user gets a role in it so that a token scoped to the
 * project can deploy there (IMPL-1). The role is `admin` when the cloud lets us grant it, else
 * `member` (`_member_` on old clouds).
 */
import type { VimProject } from '../../../driver.ts';
import { VimError } from '../../../errors.ts';
import type { ServiceClient } from '../../service-client.ts';
import { projectsUrl, projectUrl, rolesUrl, userRoleUrl } from './urls.ts';
import { createProjectBody, toVimProject, type WireProject } from './wire.ts';

/** Roles tried in order when granting the connector user a role in a tenant's project. */
export const grantedRoles = ['admin', 'member', '_member_'] as const;

export async function findProject(keystone: ServiceClient, name: string, domainId: string): Promise<VimProject | undefined> {
  const body = await keystone.get<{ projects: WireProject[] }>(projectsUrl(), { ok: [200], query: { name, domain_id: domainId } });
  const hit = body.projects.find((p) => p.name === name);
  return hit && toVimProject(hit);
}

export async function createProject(keystone: ServiceClient, opts: { name: string; domainId: string; tag: string }): Promise<VimProject> {
  const body = await keystone.post<{ project: WireProject }>(projectsUrl(), createProjectBody(opts.name, opts.domainId, opts.tag), { ok: [201] });
  return toVimProject(body.project);
}

export async function deleteProject(keystone: ServiceClient, id: string): Promise<void> {
  await keystone.delete(projectUrl(id), { ok: [204] });
}

/** Grants the first role of `grantedRoles` that exists and that we are allowed to grant. */
export async function grantConnectorRole(keystone: ServiceClient, projectId: string, userId: string): Promise<string> {
  const { roles } = await keystone.get<{ roles: { id: string; name: string }[] }>(rolesUrl(), { ok: [200] });
  let refusal: unknown;
  for (const name of grantedRoles) {
    const role = roles.find((r) => r.name === name);
    if (!role) continue;
    try {
      await keystone.put(userRoleUrl(projectId, userId, role.id), undefined, { ok: [200, 204] });
      return name;
    } catch (err) {
      if (!(err instanceof VimError && err.status === 403)) throw err;
      refusal = err;
    }
  }
  throw new VimError(`OpenStack Keystone: cannot grant user ${userId} any of the roles ${grantedRoles.join(', ')} in project ${projectId}`, { kind: 'final' }, { cause: refusal });
}
