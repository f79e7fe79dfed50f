/**
 * Nova server collection routes (spec §2.3): create, list (summary and detail, with Nova's
 * filters: `name` regex, `status`, `changes-since` including deleted servers, `tags`, paging),
 * show, update, delete, and server metadata.
 */
import type { Route } from '../http/router.ts';
import { byId, type Ctx } from '../http/service.ts';
import { badRequest, json, noContent, notFound, type EmuReply, type EmuRequest } from '../http/types.ts';
import { pageFrom } from '../http/paging.ts';
import type { Server } from '../state/model.ts';
import { liveServers, liveServersNamed, serverRenamed } from './server-index.ts';
import { serverStatus } from './server-status.ts';
import { serverSummary, serverView } from './server-view.ts';
import { createServer } from './server-create.ts';
import { checkUnlocked, server, touch } from './server-lookup.ts';

const REGEX_META = '.*+?^${}()|[]\\';

/**
 * The one name a pattern matches when it is `^literal$` with its metacharacters escaped (how the
 * manager asks for a server by name); undefined for any other pattern.
 */
function exactName(pattern: string): string | undefined {
  if (!pattern.startsWith('^')) return undefined;
  let name = '';
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '$') return i === pattern.length - 1 ? name : undefined;
    if (c === '\\') {
      const next = pattern[++i];
      if (next === undefined || !REGEX_META.includes(next)) return undefined;
      name += next;
    } else if (REGEX_META.includes(c)) return undefined;
    else name += c;
  }
  return undefined;
}

function nameMatcher(pattern: string): (name: string) => boolean {
  try {
    const re = new RegExp(pattern);
    return (name) => re.test(name);
  } catch {
    return (name) => name.includes(pattern);
  }
}

function filtered(ctx: Ctx, req: EmuRequest): Server[] {
  const q = req.query;
  const allTenants = ctx.auth.isAdmin && ['1', 'true', 'True'].includes(q.get('all_tenants') ?? '');
  const since = q.get('changes-since');
  const sinceMs = since === null ? undefined : Date.parse(since);
  if (sinceMs !== undefined && Number.isNaN(sinceMs)) throw badRequest(`Invalid filter field: changes-since.`);
  const name = q.get('name');
  const exact = name === null ? undefined : exactName(name);
  // A plain name is compared, not compiled into a regex for each list.
  const match = name === null ? undefined : exact !== undefined ? (n: string) => n === exact : nameMatcher(name);
  const status = q.get('status')?.toUpperCase();
  const tags = q.get('tags')?.split(',');
  const tagsAny = q.get('tags-any')?.split(',');
  const image = q.get('image');
  const flavorId = q.get('flavor');
  // Without changes-since only live servers are listed: the project's index has them (by name too).
  const scope = allTenants ? undefined : ctx.auth.projectId;
  const candidates =
    sinceMs === undefined
      ? exact === undefined
        ? liveServers(ctx.cloud.state, scope)
        : liveServersNamed(ctx.cloud.state, scope, exact)
      : Object.values(ctx.cloud.state.servers).filter((s) => (allTenants || s.projectId === ctx.auth.projectId) && s.updated >= sinceMs);
  return candidates
    .filter((s) => !match || match(s.name))
    .filter((s) => !status || serverStatus(s) === status)
    .filter((s) => !tags || tags.every((t) => s.tags.includes(t)))
    .filter((s) => !tagsAny || tagsAny.some((t) => s.tags.includes(t)))
    .filter((s) => image === null || s.imageId === image)
    .filter((s) => flavorId === null || s.flavorId === flavorId)
    .sort(newestFirst);
}

/** Nova's list order: newest first, ties by id descending. */
const newestFirst = (a: Server, b: Server): number => b.created - a.created || (a.id < b.id ? 1 : -1);

/**
 * Where a page starts. Nova looks the marker up among every server, deleted ones included
 * (`read_deleted="yes"`), and starts after its place in the order, so a server stopped or deleted
 * between two pages does not break the walk; an id it never held is a 400.
 */
function startAfterServer(ctx: Ctx, all: Server[], marker: string | null): number {
  if (marker === null) return 0;
  const at = ctx.cloud.state.servers[marker];
  if (!at) throw badRequest(`marker [${marker}] not found`);
  const start = all.findIndex((s) => newestFirst(s, at) > 0);
  return start === -1 ? all.length : start;
}

function list(ctx: Ctx, req: EmuRequest, detail: boolean) {
  const all = filtered(ctx, req);
  const start = startAfterServer(ctx, all, req.query.get('marker'));
  const limitText = req.query.get('limit');
  const limit = limitText === null ? 1000 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`Invalid input for query parameters limit. Value: ${limitText}.`);
  const { page, next } = pageFrom(all, start, limit);
  const servers = page.map((s) => (detail ? serverView(ctx.cloud, s, ctx.mv, req) : serverSummary(s, req)));
  const body: Record<string, unknown> = { servers };
  if (next !== undefined) body.servers_links = [{ rel: 'next', href: `${req.baseUrl}/compute/v2.1/servers${detail ? '/detail' : ''}?${nextQuery(req.query, next)}` }];
  return json(200, body);
}

/** Nova's next link keeps the request's parameters, sorted by name, the marker set to the page's last server. */
function nextQuery(query: URLSearchParams, marker: string): string {
  const params = new URLSearchParams(query);
  params.sort();
  params.set('marker', marker);
  return params.toString();
}

function update(ctx: Ctx, s: Server, req: EmuRequest): EmuReply {
  const body = (req.body as { server?: { name?: string; description?: string } } | undefined)?.server;
  if (!body) throw badRequest("Invalid input for field/attribute server. 'server' is a required property");
  if (body.name !== undefined) {
    s.name = body.name;
    serverRenamed(ctx.cloud.state, s);
  }
  if (body.description !== undefined && ctx.mv >= 19) s.description = body.description;
  touch(ctx, s);
  return json(200, { server: serverView(ctx.cloud, s, ctx.mv, req) });
}

function remove(ctx: Ctx, s: Server): EmuReply {
  checkUnlocked(ctx, s);
  if (s.taskState !== 'deleting') {
    ctx.cloud.scheduler.cancel(s.id);
    s.taskState = 'deleting';
    touch(ctx, s);
    ctx.cloud.scheduler.schedule('server.delete', s.id, 'serverDelete');
  }
  return noContent(204);
}

function metadataBody(req: EmuRequest): Record<string, string> {
  const meta = (req.body as { metadata?: Record<string, string> } | undefined)?.metadata;
  if (!meta || typeof meta !== 'object') throw badRequest("Invalid input for field/attribute metadata. 'metadata' is a required property");
  return meta;
}

/** POST merges the items into the server's metadata, PUT replaces it. */
function setMetadata(replace: boolean): (ctx: Ctx, s: Server, req: EmuRequest) => EmuReply {
  return (ctx, s, req) => {
    const meta = metadataBody(req);
    s.metadata = replace ? { ...meta } : Object.assign(s.metadata, meta);
    touch(ctx, s);
    return json(200, { metadata: s.metadata });
  };
}

function deleteMetadataItem(ctx: Ctx, s: Server, req: EmuRequest): EmuReply {
  const key = req.params.key ?? '';
  if (!(key in s.metadata)) throw notFound('Metadata item was not found');
  delete s.metadata[key];
  touch(ctx, s);
  return noContent(204);
}

export const serverRoutes: Route<Ctx>[] = [
  { method: 'POST', pattern: '/v2.1/servers', action: 'server.create', handler: createServer },
  { method: 'GET', pattern: '/v2.1/servers', action: 'server.list', handler: (ctx, req) => list(ctx, req, false) },
  { method: 'GET', pattern: '/v2.1/servers/detail', action: 'server.list', handler: (ctx, req) => list(ctx, req, true) },
  { method: 'GET', pattern: '/v2.1/servers/:id', action: 'server.get', handler: byId(server, (ctx, s, req) => json(200, { server: serverView(ctx.cloud, s, ctx.mv, req) })) },
  { method: 'PUT', pattern: '/v2.1/servers/:id', action: 'server.update', handler: byId(server, update) },
  { method: 'DELETE', pattern: '/v2.1/servers/:id', action: 'server.delete', handler: byId(server, remove) },
  { method: 'GET', pattern: '/v2.1/servers/:id/metadata', action: 'server.metadata.get', handler: byId(server, (_ctx, s) => json(200, { metadata: s.metadata })) },
  { method: 'POST', pattern: '/v2.1/servers/:id/metadata', action: 'server.metadata.update', handler: byId(server, setMetadata(false)) },
  { method: 'PUT', pattern: '/v2.1/servers/:id/metadata', action: 'server.metadata.replace', handler: byId(server, setMetadata(true)) },
  { method: 'DELETE', pattern: '/v2.1/servers/:id/metadata/:key', action: 'server.metadata.delete', handler: byId(server, deleteMetadataItem) },
];
