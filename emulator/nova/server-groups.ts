/** Nova server groups (spec §2.6): `policies`/`metadata` before 2.64, `policy`/`rules` from 2.64. */
import type { Route } from '../http/router.ts';
import { byId, type Ctx } from '../http/service.ts';
import { badRequest, json, noContent, notFound, type EmuReply, type EmuRequest } from '../http/types.ts';
import type { ServerGroup } from '../state/model.ts';
import { uuid } from '../state/ids.ts';

const POLICIES = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'];

function view(g: ServerGroup, mv: number): Record<string, unknown> {
  const base: Record<string, unknown> = { id: g.id, name: g.name, members: g.members };
  if (mv >= 64) Object.assign(base, { policy: g.policy, rules: g.rules });
  else Object.assign(base, { policies: [g.policy], metadata: {} });
  if (mv >= 13) Object.assign(base, { project_id: g.projectId, user_id: g.userId });
  return base;
}

function group(ctx: Ctx, id: string): ServerGroup {
  const g = ctx.cloud.state.serverGroups[id];
  if (!g) throw notFound(`Instance group ${id} could not be found.`);
  return g;
}

function list(ctx: Ctx): EmuReply {
  const groups = Object.values(ctx.cloud.state.serverGroups).filter((g) => ctx.auth.isAdmin || g.projectId === ctx.auth.projectId);
  return json(200, { server_groups: groups.map((g) => view(g, ctx.mv)) });
}

function create(ctx: Ctx, req: EmuRequest): EmuReply {
  const body = (req.body as { server_group?: { name?: string; policy?: string; policies?: string[]; rules?: Record<string, unknown> } } | undefined)?.server_group;
  const policy = ctx.mv >= 64 ? body?.policy : body?.policies?.[0];
  if (!body?.name || !policy || !POLICIES.includes(policy)) throw badRequest('Invalid input for field/attribute server_group.');
  const g: ServerGroup = { id: uuid(), name: body.name, policy, rules: body.rules ?? {}, members: [], projectId: ctx.auth.projectId, userId: ctx.auth.userId };
  ctx.cloud.state.serverGroups[g.id] = g;
  return json(200, { server_group: view(g, ctx.mv) });
}

function remove(ctx: Ctx, g: ServerGroup): EmuReply {
  delete ctx.cloud.state.serverGroups[g.id];
  return noContent(204);
}

export const serverGroupRoutes: Route<Ctx>[] = [
  { method: 'GET', pattern: '/v2.1/os-server-groups', action: 'serverGroup.list', handler: list },
  { method: 'GET', pattern: '/v2.1/os-server-groups/:id', action: 'serverGroup.get', handler: byId(group, (ctx, g) => json(200, { server_group: view(g, ctx.mv) })) },
  { method: 'POST', pattern: '/v2.1/os-server-groups', action: 'serverGroup.create', handler: create },
  { method: 'DELETE', pattern: '/v2.1/os-server-groups/:id', action: 'serverGroup.delete', handler: byId(group, remove) },
];
