/**
 * @module The shape every Neutron v2.0 resource shares (openstack-api.md §5): `{"<singular>": …}`
 * on create/get, `{"<plural>": […]}` on list with attribute filters, 201 on create, 204 on delete.
 * Networks, subnets and ports differ only in their wire shape and extra list filters, so their
 * `requests.ts` bind this.
 *
 * The tag (driver.ts idempotency) is written into `description` at create time — one atomic call,
 * unlike Neutron tags, which need a second PUT — and looked up with `?description=`.
 */
import type { ListFilter } from '../../driver.ts';
import { readOne, type ResourceSpec } from '../resource.ts';
import type { Query, ServiceClient } from '../service-client.ts';

const tagPrefix = 'vnfm_tag=';

export function tagDescription(tag: string): string {
  return `${tagPrefix}${tag}`;
}

function tagOfDescription(description: string | null | undefined): string | undefined {
  return description?.startsWith(tagPrefix) ? description.slice(tagPrefix.length) : undefined;
}

export interface NeutronResource<W, V extends { id: string; name: string }, F extends ListFilter, C> extends ResourceSpec<W, V, F> {
  create(neutron: ServiceClient, req: C): Promise<V>;
}

export function neutronResource<W extends { description?: string | null }, V extends { id: string; name: string }, C, F extends ListFilter = ListFilter>(r: {
  singular: string;
  plural: string;
  fromWire(w: W): V;
  /** The create body (inside `{"<singular>": …}`), with the tag in `description`. */
  createBody(req: C): Record<string, unknown>;
  /** Filters beyond name and tag that Neutron applies (`network_id`, `device_id`). */
  extraQuery?(filter: F): Query;
}): NeutronResource<W, V, F, C> {
  const spec: ResourceSpec<W, V, F> = {
    what: r.singular,
    url: (id) => `${r.plural}/${encodeURIComponent(id)}`,
    listUrl: r.plural,
    keys: { one: r.singular, many: r.plural },
    ok: { get: [200], delete: [204] },
    fromWire: r.fromWire,
    tagOf: (w) => tagOfDescription(w.description),
    query: (f) => ({ name: f.name, ...r.extraQuery?.(f), description: f.tag !== undefined ? tagDescription(f.tag) : undefined }),
  };
  return {
    ...spec,
    async create(neutron, req) {
      return readOne(spec, await neutron.post<unknown>(r.plural, { [r.singular]: r.createBody(req) }, { ok: [201] }));
    },
  };
}
