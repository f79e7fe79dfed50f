/**
 * @module What every list and find shares: the local half of `ListFilter` (drivers ask the VIM
 * what it can filter and check the rest here, so a filter is always exact) and the
 * name-or-id lookup rule of the OpenStack clients (openstack-api.md §0: exact id or name; more
 * than one by name is an error, never a guess).
 */
import type { ListFilter } from '../driver.ts';
import { VimError } from '../errors.ts';

export interface Filterable {
  id: string;
  name: string;
  tag?: string;
}

/** The local check of `filter`, built once per list (a batched poll may name many thousands of ids). */
export function filterMatcher(filter: ListFilter | undefined): (item: Filterable) => boolean {
  const ids = filter?.ids && new Set(filter.ids);
  return (item) =>
    (filter?.tag === undefined || item.tag === filter.tag) &&
    (filter?.name === undefined || item.name === filter.name) &&
    (ids === undefined || ids.has(item.id));
}

/** The one item whose id or name is `nameOrId`; undefined for none; an error for several by name. */
export function pickByNameOrId<T extends { id: string; name: string }>(items: readonly T[], nameOrId: string, what: string): T | undefined {
  const byId = items.find((i) => i.id === nameOrId);
  if (byId) return byId;
  const byName = items.filter((i) => i.name === nameOrId);
  if (byName.length > 1) {
    throw new VimError(`More than one ${what} named '${nameOrId}' exists; use its id`, { kind: 'final' });
  }
  return byName[0];
}

/** Runs a GET that may 404, turning the 404 into undefined (`get*` of the driver). */
export async function orUndefined<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (err) {
    if (err instanceof VimError && err.status === 404) return undefined;
    throw err;
  }
}

/** Whether `value` has the shape of an OpenStack UUID (with or without dashes). */
export function looksLikeUuid(value: string): boolean {
  return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value);
}
