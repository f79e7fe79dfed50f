/**
 * @module The identity port over Keystone (IMPL-1): tenants' projects, made in the connector's
 * domain with the connector's own session; a deleted project's tenant session is forgotten.
 */
import type { IdentityPort } from '../../driver.ts';
import { ignoreNotFound, isVimError } from '../../errors.ts';
import type { ServiceClient } from '../service-client.ts';
import type { ProjectSessions } from '../session.ts';
import { createProject, deleteProject, findProject, grantConnectorRole } from './projects/requests.ts';

export function keystoneIdentityPort(sessions: ProjectSessions): IdentityPort {
  const { own } = sessions;
  return {
    async defaultProject() {
      const { project } = await own.tokens.current();
      return { id: project.id, name: project.name };
    },
    async findProject(name) {
      const { project } = await own.tokens.current();
      return findProject(own.keystone, name, project.domainId);
    },
    async ensureProject(name, tag) {
      const { project, userId } = await own.tokens.current();
      const found = await findProject(own.keystone, name, project.domainId);
      const created = found ?? (await createOrFindProject(own.keystone, { name, domainId: project.domainId, tag }));
      await grantConnectorRole(own.keystone, created.id, userId);
      return created;
    },
    async deleteProject(id) {
      sessions.forget(id);
      await ignoreNotFound(() => deleteProject(own.keystone, id));
    },
  };
}

/**
 * Two first deploys into one new tenant race to make its project: Keystone answers the loser with
 * 409, and a lost answer leaves the create in doubt. Either way the project is looked up again.
 */
async function createOrFindProject(keystone: ServiceClient, req: { name: string; domainId: string; tag: string }) {
  try {
    return await createProject(keystone, req);
  } catch (err) {
    const maybeMade = isVimError(err) && (err.status === 409 || err.kind === 'in-doubt');
    const found = maybeMade ? await findProject(keystone, req.name, req.domainId) : undefined;
    if (!found) throw err;
    return found;
  }
}
