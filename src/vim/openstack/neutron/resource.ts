/**
 * @module The shape every Neutron v2.0 resource shares (openstack-api.md §5): `{"<singular>": …}`
 * on create/get, `{"<plural>": […]}` on list with attribute filters, 201 on create, 204 on delete.
 * Networks, subnets and ports differ only in their wire shape, so their `requests.ts` bind this.
 *
 * The tag (driver.ts idempotency) is written into `description` at create time — one atomic call,
 * unlike Neutron tags, which need a second PUT — and looked up with `?description=`.
 */
import { listAll } from '../pager.ts';
import type { Query, ServiceClient } from '../service-client.ts';

const tagPrefix = 'vnfm_tag=';

export function tagDescription(tag: string): string {
  return `${tagPrefix}${tag}`;
}

export function tagOfDescription(description: string | null | undefined): string | undefined {
  return description?.startsWith(tagPrefix) ? description.slice(tagPrefix.length) : undefined;
}

export interface NeutronResource<W, V> {
  create(neutron: ServiceClient, body: Record<string, unknown>): Promise<V>;
  get(neutron: ServiceClient, id: string): Promise<V>;
  list(neutron: ServiceClient, filter: { name?: string; tag?: string } & Query): Promise<V[]>;
  delete(neutron: ServiceClient, id: string): Promise<void>;
  readonly toVim: (w: W) => V;
}

export function neutronResource<W, V>(singular: string, plural: string, toVim: (w: W) => V): NeutronResource<W, V> {
  const one = (id: string) => `${plural}/${encodeURIComponent(id)}`;
  return {
    toVim,
    async create(neutron, body) {
      const res = await neutron.post<Record<string, W>>(plural, { [singular]: body }, { ok: [201] });
      return toVim(res[singular] as W);
    },
    async get(neutron, id) {
      const res = await neutron.get<Record<string, W>>(one(id), { ok: [200] });
      return toVim(res[singular] as W);
    },
    async list(neutron, { tag, ...filter }) {
      const query = { ...filter, description: tag !== undefined ? tagDescription(tag) : undefined };
      return (await listAll<W>(neutron, plural, { key: plural, query })).map(toVim);
    },
    async delete(neutron, id) {
      await neutron.delete(one(id), { ok: [204] });
    },
  };
}
