/** Keystone v3 project and role URLs, relative to the identity base (`…/v3`). */
const e = encodeURIComponent;

export const projectsUrl = (): string => 'projects';
export const projectUrl = (id: string): string => `projects/${e(id)}`;
export const rolesUrl = (): string => 'roles';
export const userRoleUrl = (projectId: string, userId: string, roleId: string): string =>
  `projects/${e(projectId)}/users/${e(userId)}/roles/${e(roleId)}`;
