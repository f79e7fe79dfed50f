/**
 * Neutron v2.0 under `/network` (spec §5): one generic set of routes over the collections table
 * (list with filters, show, create 201, update, delete 204, tags), plus version discovery and
 * the extension list clients probe.
 */
import type { Route } from '../http/router.ts';
import { byId, type Ctx, type ServiceDef } from '../http/service.ts';
import { badRequest, json, noContent, notFound, type EmuRequest } from '../http/types.ts';
import type { NeutronRecord } from '../state/model.ts';
import { secondsZ } from '../state/time-format.ts';
import { COLLECTIONS, type CollectionDef } from './collections.ts';
import { applyFilters, paginate, project } from './filters.ts';
import { candidates, dropRecord, recordChanged, storeRecord } from './record-index.ts';

const EXTENSIONS = ['router', 'external-net', 'security-group', 'binding', 'port-security', 'allowed-address-pairs', 'extra_dhcp_opt', 'standard-attr-tag', 'standard-attr-description', 'standard-attr-timestamp', 'standard-attr-revisions', 'availability_zone', 'network_availability_zone', 'provider', 'multi-provider', 'quotas', 'agent', 'subnet_allocation', 'net-mtu', 'ip-substring-filtering', 'fip-port-details', 'pagination', 'sorting', 'project-id', 'dns-integration', 'floatingip-pools'];

function visible(ctx: Ctx, coll: CollectionDef, r: NeutronRecord): boolean {
  if (ctx.auth.isAdmin || r.project_id === ctx.auth.projectId) return true;
  return coll.name === 'networks' && (r.shared === true || r['router:external'] === true);
}

function record(ctx: Ctx, coll: CollectionDef, id: string): NeutronRecord {
  const r = ctx.cloud.state.neutron[coll.name][id];
  if (!r || !visible(ctx, coll, r)) throw coll.notFound(id);
  return r;
}

function bump(ctx: Ctx, r: NeutronRecord): void {
  r.updated_at = secondsZ(ctx.cloud.clock.now());
  r.revision_number = Number(r.revision_number) + 1;
}

function bodyOf(coll: CollectionDef, req: EmuRequest): Record<string, unknown> {
  const body = (req.body as Record<string, unknown> | undefined)?.[coll.singular];
  if (!body || typeof body !== 'object') throw badRequest(`Resource body required`);
  return body as Record<string, unknown>;
}

function collectionRoutes(coll: CollectionDef): Route<Ctx>[] {
  const base = `/v2.0/${coll.path}`;
  const find = (ctx: Ctx, id: string) => record(ctx, coll, id);
  const tagRoute = (method: string, suffix: string, action: string, apply: (r: NeutronRecord, req: EmuRequest) => unknown): Route<Ctx> => ({
    method,
    pattern: `${base}/:id/tags${suffix}`,
    action: `${coll.singular}.${action}`,
    handler: byId(find, (ctx, r, req) => {
      const out = apply(r, req);
      if (method !== 'GET') {
        bump(ctx, r);
        recordChanged(ctx.cloud, coll.name, r);
      }
      return out === undefined ? noContent(method === 'PUT' ? 201 : 204) : json(200, out);
    }),
  });
  return [
    {
      method: 'GET',
      pattern: base,
      action: `${coll.singular}.list`,
      handler: (ctx, req) => {
        const some = candidates(ctx.cloud, coll.name, req.query) ?? Object.values(ctx.cloud.state.neutron[coll.name]);
        const all = some.filter((r) => visible(ctx, coll, r));
        const { page, links } = paginate(applyFilters(all, req, coll.attributes), req, coll.path);
        return json(200, { [coll.name]: page.map((r) => project(r, req)), ...(links && { [`${coll.name}_links`]: links }) });
      },
    },
    { method: 'GET', pattern: `${base}/:id`, action: `${coll.singular}.get`, handler: byId(find, (_ctx, r, req) => json(200, { [coll.singular]: project(r, req) })) },
    {
      method: 'POST',
      pattern: base,
      action: `${coll.singular}.create`,
      handler: (ctx, req) => {
        const body = bodyOf(coll, req);
        const r = coll.create(ctx, body);
        if (Array.isArray(body.tags)) r.tags = body.tags.map(String);
        storeRecord(ctx.cloud, coll.name, r);
        return json(201, { [coll.singular]: r });
      },
    },
    {
      method: 'PUT',
      pattern: `${base}/:id`,
      action: `${coll.singular}.update`,
      handler: byId(find, (ctx, r, req) => {
        const body = bodyOf(coll, req);
        const unknown = Object.keys(body).filter((k) => !coll.updatable.has(k) && k !== 'port_id' && k !== 'fixed_ip_address');
        if (unknown.length > 0) throw badRequest(`Cannot update read-only attribute ${unknown.join(', ')}`);
        for (const k of Object.keys(body)) if (coll.updatable.has(k)) r[k] = body[k];
        coll.afterUpdate?.(ctx, r, body);
        bump(ctx, r);
        recordChanged(ctx.cloud, coll.name, r);
        return json(200, { [coll.singular]: r });
      }),
    },
    {
      method: 'DELETE',
      pattern: `${base}/:id`,
      action: `${coll.singular}.delete`,
      handler: byId(find, (ctx, r) => {
        coll.remove(ctx, r);
        dropRecord(ctx.cloud, coll.name, r.id);
        return noContent(204);
      }),
    },
    tagRoute('GET', '', 'tags.get', (r) => ({ tags: r.tags })),
    tagRoute('PUT', '', 'tags.replace', (r, req) => {
      r.tags = ((req.body as { tags?: unknown[] } | undefined)?.tags ?? []).map(String);
      return { tags: r.tags };
    }),
    tagRoute('DELETE', '', 'tags.clear', (r) => void (r.tags = [])),
    tagRoute('PUT', '/:tag', 'tag.add', (r, req) => {
      const tags = r.tags as string[];
      if (!tags.includes(req.params.tag ?? '')) tags.push(req.params.tag ?? '');
    }),
    tagRoute('DELETE', '/:tag', 'tag.delete', (r, req) => {
      const tags = r.tags as string[];
      if (!tags.includes(req.params.tag ?? '')) throw notFound(`Tag ${req.params.tag} could not be found.`, 'TagNotFound');
      r.tags = tags.filter((t) => t !== req.params.tag);
    }),
  ];
}

const routes: Route<Ctx>[] = [
  {
    method: 'GET',
    pattern: '',
    action: 'network.versions',
    auth: false,
    handler: (_c, req) => json(200, { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${req.baseUrl}/network/v2.0/` }] }] }),
  },
  {
    method: 'GET',
    pattern: '/v2.0',
    action: 'network.resources',
    handler: (_c, req) =>
      json(200, { resources: COLLECTIONS.map((c) => ({ name: c.singular, collection: c.name, links: [{ rel: 'self', href: `${req.baseUrl}/network/v2.0/${c.path}` }] })) }),
  },
  {
    method: 'GET',
    pattern: '/v2.0/extensions',
    action: 'network.extensions',
    handler: () => json(200, { extensions: EXTENSIONS.map((alias) => ({ alias, name: alias, description: alias, links: [], updated: '2013-01-01T00:00:00-00:00' })) }),
  },
  {
    method: 'GET',
    pattern: '/v2.0/extensions/:alias',
    action: 'network.extension',
    handler: (_c, req) => {
      const alias = req.params.alias ?? '';
      if (!EXTENSIONS.includes(alias)) throw notFound(`Extension with alias ${alias} does not exist`, 'HTTPNotFound');
      return json(200, { extension: { alias, name: alias, description: alias, links: [], updated: '2013-01-01T00:00:00-00:00' } });
    },
  },
  ...COLLECTIONS.flatMap(collectionRoutes),
];

export const neutronService: ServiceDef = { name: 'network', prefix: '/network', routes };
