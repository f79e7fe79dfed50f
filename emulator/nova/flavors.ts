/** Nova flavors (spec §2.2): list, detail (with `is_public` True/False/None), show, extra specs, and admin create/delete. */
import type { Route } from '../http/router.ts';
import { byId, type Ctx } from '../http/service.ts';
import { ApiError, badRequest, conflict, json, noContent, notFound, type EmuReply, type EmuRequest } from '../http/types.ts';
import { pageFrom, startAfter } from '../http/paging.ts';
import type { Flavor } from '../state/model.ts';
import { uuid } from '../state/ids.ts';
import { links } from './links.ts';

export function flavor(ctx: Ctx, id: string): Flavor {
  const f = ctx.cloud.state.flavors.find((x) => x.id === id);
  if (!f) throw notFound(`Flavor ${id} could not be found.`);
  return f;
}

export function flavorView(f: Flavor, mv: number, req: EmuRequest): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    ram: f.ram,
    disk: f.disk,
    swap: f.swap === 0 ? '' : f.swap,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    'OS-FLV-DISABLED:disabled': false,
    vcpus: f.vcpus,
    'os-flavor-access:is_public': f.isPublic,
    rxtx_factor: 1.0,
    links: links(req, 'flavors', f.id),
  };
  if (mv >= 55) view.description = f.description;
  if (mv >= 61) view.extra_specs = f.extraSpecs;
  return view;
}

function visible(list: Flavor[], req: EmuRequest): Flavor[] {
  const isPublic = (req.query.get('is_public') ?? 'true').toLowerCase();
  if (isPublic === 'none') return list;
  const want = ['true', 't', '1', 'yes', 'y'].includes(isPublic);
  return list.filter((f) => f.isPublic === want);
}

function listReply(ctx: Ctx, req: EmuRequest, detail: boolean) {
  const all = visible(ctx.cloud.state.flavors, req);
  const start = startAfter(all, req.query.get('marker'), (marker) => badRequest(`marker [${marker}] not found`));
  const { page, next } = pageFrom(all, start, Number(req.query.get('limit') ?? 1000));
  const flavors = page.map((f) => (detail ? flavorView(f, ctx.mv, req) : { id: f.id, name: f.name, links: links(req, 'flavors', f.id), ...(ctx.mv >= 55 && { description: f.description }) }));
  const body: Record<string, unknown> = { flavors };
  if (next) body.flavors_links = [{ rel: 'next', href: `${req.baseUrl}/compute/v2.1/flavors${detail ? '/detail' : ''}?limit=${req.query.get('limit')}&marker=${next}` }];
  return json(200, body);
}

function create(ctx: Ctx, req: EmuRequest): EmuReply {
  if (!ctx.auth.isAdmin) throw new ApiError(403, 'Policy doesn\'t allow os_compute_api:os-flavor-manage:create to be performed.');
  const body = (req.body as { flavor?: Record<string, unknown> } | undefined)?.flavor;
  if (!body || typeof body.name !== 'string' || typeof body.ram !== 'number' || typeof body.vcpus !== 'number' || typeof body.disk !== 'number') {
    throw badRequest("Invalid input for field/attribute flavor. Value: None. 'name', 'ram', 'vcpus' and 'disk' are required properties");
  }
  const id = body.id === undefined || body.id === null ? uuid() : String(body.id);
  const list = ctx.cloud.state.flavors;
  if (list.some((f) => f.id === id || f.name === body.name)) throw conflict(`Flavor with ${list.some((f) => f.id === id) ? `ID ${id}` : `name ${String(body.name)}`} already exists.`);
  const f: Flavor = {
    id,
    name: body.name,
    ram: body.ram,
    vcpus: body.vcpus,
    disk: body.disk,
    ephemeral: Number(body['OS-FLV-EXT-DATA:ephemeral'] ?? 0),
    swap: Number(body.swap ?? 0),
    isPublic: body['os-flavor-access:is_public'] !== false,
    description: typeof body.description === 'string' ? body.description : null,
    extraSpecs: {},
  };
  list.push(f);
  return json(200, { flavor: flavorView(f, ctx.mv, req) });
}

function remove(ctx: Ctx, f: Flavor): EmuReply {
  ctx.cloud.state.flavors = ctx.cloud.state.flavors.filter((x) => x !== f);
  return noContent(202);
}

export const flavorRoutes: Route<Ctx>[] = [
  { method: 'GET', pattern: '/v2.1/flavors', action: 'flavor.list', handler: (ctx, req) => listReply(ctx, req, false) },
  { method: 'GET', pattern: '/v2.1/flavors/detail', action: 'flavor.list', handler: (ctx, req) => listReply(ctx, req, true) },
  { method: 'GET', pattern: '/v2.1/flavors/:id', action: 'flavor.get', handler: byId(flavor, (ctx, f, req) => json(200, { flavor: flavorView(f, ctx.mv, req) })) },
  { method: 'GET', pattern: '/v2.1/flavors/:id/os-extra_specs', action: 'flavor.extraSpecs', handler: byId(flavor, (_ctx, f) => json(200, { extra_specs: f.extraSpecs })) },
  { method: 'POST', pattern: '/v2.1/flavors', action: 'flavor.create', handler: create },
  { method: 'DELETE', pattern: '/v2.1/flavors/:id', action: 'flavor.delete', handler: byId(flavor, remove) },
];
