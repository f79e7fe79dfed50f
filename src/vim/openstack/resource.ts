/**
 * @module The one binding every OpenStack resource gets for get / list / delete / find: a resource
 * declares its URLs, body keys, accepted statuses, wire translation, where its tag lives and what
 * the VIM filters itself (`ResourceSpec`, in its `<service>/<resource>/requests.ts`); `bindResource`
 * turns that into the port's verbs for a scope. The rules are the driver's (driver.ts):
 * - `get` of a resource that is not there (404) is undefined;
 * - `list` asks the VIM to filter what it can and checks every `ListFilter` field locally, so a
 *   filter is always exact (`filters.ts`);
 * - `delete` of a resource already gone (404) has succeeded;
 * - `find` is by id when the value looks like one of this VIM's ids, else by exact name, and more
 *   than one by that name is an error (openstack-api.md §0).
 */
import type { ListFilter, Scope } from '../driver.ts';
import { ignoreNotFound } from '../errors.ts';
import { filterMatcher, looksLikeUuid, orUndefined, pickByNameOrId } from './filters.ts';
import { listAll } from './pager.ts';
import type { Query, ServiceClient } from './service-client.ts';

/** The service client of a scope's session (the connector's project or a tenant's). */
export type ClientOf = (scope: Scope) => Promise<ServiceClient>;

export interface ResourceSpec<W, V extends { id: string; name: string }, F extends ListFilter = ListFilter> {
  /** Noun in messages ("More than one network named …"). */
  what: string;
  url(id: string): string;
  listUrl: string;
  /** JSON root keys: one resource (undefined when the body is the bare resource, as Glance answers) and a page. */
  keys: { one?: string; many: string };
  ok: { get: readonly number[]; delete: readonly number[] };
  fromWire(w: W): V;
  /** The idempotency tag as this resource stores it (metadata, property or description). */
  tagOf(w: W): string | undefined;
  /** The list query the VIM filters itself, in the order the VIM is sent it. */
  query(filter: F): Query;
  /** `find` tries a GET by id when this holds (default: a UUID; flavor ids are free text). */
  looksLikeId?(nameOrId: string): boolean;
}

export interface BoundResource<V, F> {
  get(scope: Scope, id: string): Promise<V | undefined>;
  list(scope: Scope, filter?: F): Promise<V[]>;
  delete(scope: Scope, id: string): Promise<void>;
  /** `within` narrows the by-name lookup (e.g. a subnet's network). */
  find(scope: Scope, nameOrId: string, within?: F): Promise<V | undefined>;
}

/** A call on one service client, as a port verb taking the scope first. */
export function inScope<A extends unknown[], R>(clientOf: ClientOf, call: (client: ServiceClient, ...args: A) => Promise<R>) {
  return async (scope: Scope, ...args: A): Promise<R> => call(await clientOf(scope), ...args);
}

/** The resource in a single-resource body (a GET or a create answer). */
export function readOne<W, V extends { id: string; name: string }, F extends ListFilter>(spec: ResourceSpec<W, V, F>, body: unknown): V {
  const wire = spec.keys.one === undefined ? body : (body as Record<string, unknown>)[spec.keys.one];
  return spec.fromWire(wire as W);
}

export function bindResource<W, V extends { id: string; name: string }, F extends ListFilter>(
  spec: ResourceSpec<W, V, F>,
  clientOf: ClientOf,
): BoundResource<V, F> {
  const get = async (client: ServiceClient, id: string) => readOne(spec, await client.get<unknown>(spec.url(id), { ok: spec.ok.get }));
  const fetchAll = async (client: ServiceClient, filter: F) =>
    (await listAll<W>(client, spec.listUrl, { key: spec.keys.many, query: spec.query(filter) })).map((w) => ({ item: spec.fromWire(w), tag: spec.tagOf(w) }));
  const looksLikeId = spec.looksLikeId ?? looksLikeUuid;
  return {
    get: inScope(clientOf, (client, id: string) => orUndefined(() => get(client, id))),
    list: inScope(clientOf, async (client, filter?: F) => {
      const all = await fetchAll(client, filter ?? ({} as F));
      const matches = filterMatcher(filter);
      return all.filter(({ item, tag }) => matches({ id: item.id, name: item.name, tag })).map(({ item }) => item);
    }),
    delete: inScope(clientOf, (client, id: string) => ignoreNotFound(() => client.delete(spec.url(id), { ok: spec.ok.delete }))),
    find: inScope(clientOf, async (client, nameOrId: string, within?: F) => {
      const byId = looksLikeId(nameOrId) ? await orUndefined(() => get(client, nameOrId)) : undefined;
      if (byId) return byId;
      const named = await fetchAll(client, { ...within, name: nameOrId } as F);
      return pickByNameOrId(named.map(({ item }) => item), nameOrId, spec.what);
    }),
  };
}
