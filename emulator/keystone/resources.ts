/**
 * Keystone projects, roles, users and domains: what the driver's `ensureProject` needs (find by
 * name, create, grant the connector user a role, delete) and what clients list.
 */
import type { Route } from '../http/router.ts';
import { byId, type Ctx, type Handler } from '../http/service.ts';
import { ApiError, badRequest, json, noContent, notFound, type EmuReply, type EmuRequest } from '../http/types.ts';
import type { Project } from '../state/model.ts';
import { hexId } from '../state/ids.ts';
import { domainView, rolesOf } from './tokens.ts';

const V3 = '/identity/v3';

function projectView(p: Project, req: EmuRequest): unknown {
  return {
    id: p.id,
    name: p.name,
    domain_id: p.domainId,
    description: p.description,
    enabled: p.enabled,
    parent_id: p.domainId,
    is_domain: false,
    tags: p.tags,
    options: {},
    links: { self: `${req.baseUrl}${V3}/projects/${p.id}` },
  };
}

function listLinks(req: EmuRequest, coll: string): unknown {
  return { self: `${req.baseUrl}${V3}/${coll}`, previous: null, next: null };
}

function project(ctx: Ctx, id: string): Project {
  const p = ctx.cloud.state.projects.find((x) => x.id === id);
  if (!p) throw notFound(`Could not find project: ${id}.`);
  return p;
}

/** Changes are for admins: a 403 before anything is looked up. */
function adminOnly(handler: Handler): Handler {
  return (ctx, req) => {
    if (!ctx.auth.isAdmin) throw new ApiError(403, 'You are not authorized to perform the requested action.');
    return handler(ctx, req);
  };
}

function byName<T extends { name: string }>(list: T[], req: EmuRequest): T[] {
  const name = req.query.get('name');
  return name === null ? list : list.filter((x) => x.name === name);
}

/** Every project (admin), or those the caller has a role on; `?name=` filters. */
function list(ctx: Ctx, req: EmuRequest): EmuReply {
  const projects = byName(ctx.cloud.state.projects, req).filter((p) => ctx.auth.isAdmin || rolesOf(ctx.cloud.state, ctx.auth.userId, p.id).length > 0);
  return json(200, { projects: projects.map((p) => projectView(p, req)), links: listLinks(req, 'projects') });
}

/** The projects the caller has a role on, admin or not. */
function mine(ctx: Ctx, req: EmuRequest): EmuReply {
  const projects = ctx.cloud.state.projects.filter((p) => rolesOf(ctx.cloud.state, ctx.auth.userId, p.id).length > 0);
  return json(200, { projects: projects.map((p) => projectView(p, req)), links: listLinks(req, 'auth/projects') });
}

function create(ctx: Ctx, req: EmuRequest): EmuReply {
  const body = (req.body as { project?: Partial<Project> & { domain_id?: string } } | undefined)?.project;
  if (!body?.name) throw badRequest("Invalid input for field 'name': None is not of type 'string'");
  const domainId = body.domain_id ?? 'default';
  if (ctx.cloud.state.projects.some((p) => p.name === body.name && p.domainId === domainId)) {
    throw new ApiError(409, `Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : ${body.name}.`);
  }
  const p: Project = {
    id: hexId(),
    name: body.name,
    domainId,
    description: body.description ?? '',
    enabled: body.enabled ?? true,
    tags: body.tags ?? [],
  };
  ctx.cloud.state.projects.push(p);
  return json(201, { project: projectView(p, req) });
}

function update(_ctx: Ctx, p: Project, req: EmuRequest): EmuReply {
  const body = (req.body as { project?: Partial<Project> } | undefined)?.project ?? {};
  if (body.name !== undefined) p.name = body.name;
  if (body.description !== undefined) p.description = body.description;
  if (body.enabled !== undefined) p.enabled = body.enabled;
  if (body.tags !== undefined) p.tags = body.tags;
  return json(200, { project: projectView(p, req) });
}

function remove(ctx: Ctx, p: Project): EmuReply {
  const state = ctx.cloud.state;
  state.projects = state.projects.filter((x) => x !== p);
  state.assignments = state.assignments.filter((a) => a.projectId !== p.id);
  return noContent();
}

function grant(ctx: Ctx, req: EmuRequest): EmuReply {
  const { projectId = '', userId = '', roleId = '' } = req.params;
  const state = ctx.cloud.state;
  project(ctx, projectId);
  if (!state.users.some((u) => u.id === userId)) throw notFound(`Could not find user: ${userId}.`);
  if (!state.roles.some((r) => r.id === roleId)) throw notFound(`Could not find role: ${roleId}.`);
  if (!state.assignments.some((a) => a.projectId === projectId && a.userId === userId && a.roleId === roleId)) {
    state.assignments.push({ projectId, userId, roleId });
  }
  return noContent();
}

export const identityResourceRoutes: Route<Ctx>[] = [
  { method: 'GET', pattern: '/v3/projects', action: 'project.list', handler: list },
  { method: 'GET', pattern: '/v3/auth/projects', action: 'project.mine', handler: mine },
  { method: 'GET', pattern: '/v3/projects/:id', action: 'project.get', handler: byId(project, (_ctx, p, req) => json(200, { project: projectView(p, req) })) },
  { method: 'POST', pattern: '/v3/projects', action: 'project.create', handler: adminOnly(create) },
  { method: 'PATCH', pattern: '/v3/projects/:id', action: 'project.update', handler: adminOnly(byId(project, update)) },
  { method: 'DELETE', pattern: '/v3/projects/:id', action: 'project.delete', handler: adminOnly(byId(project, remove)) },
  { method: 'PUT', pattern: '/v3/projects/:projectId/users/:userId/roles/:roleId', action: 'role.grant', handler: adminOnly(grant) },
  {
    method: 'GET',
    pattern: '/v3/roles',
    action: 'role.list',
    handler: (ctx, req) =>
      json(200, {
        roles: byName(ctx.cloud.state.roles, req).map((r) => ({ id: r.id, name: r.name, domain_id: null, description: null, options: {}, links: { self: `${req.baseUrl}${V3}/roles/${r.id}` } })),
        links: listLinks(req, 'roles'),
      }),
  },
  {
    method: 'GET',
    pattern: '/v3/users',
    action: 'user.list',
    handler: (ctx, req) =>
      json(200, {
        users: byName(ctx.cloud.state.users, req).map((u) => ({ id: u.id, name: u.name, domain_id: u.domainId, enabled: true, password_expires_at: null, options: {}, links: { self: `${req.baseUrl}${V3}/users/${u.id}` } })),
        links: listLinks(req, 'users'),
      }),
  },
  {
    method: 'GET',
    pattern: '/v3/domains',
    action: 'domain.list',
    handler: (_ctx, req) =>
      json(200, {
        domains: [{ ...domainView('default'), description: 'The default domain', enabled: true, tags: [], options: {}, links: { self: `${req.baseUrl}${V3}/domains/default` } }],
        links: listLinks(req, 'domains'),
      }),
  },
];
