/**
 * @module The one pager every list uses (style §1 `pagination/`): follows `next` links until the
 * last page. Nova, Cinder and Neutron answer `<collection>_links: [{rel: "next", href}]`, Glance a
 * root-relative `next` (openstack-api.md §3, §7.9). Only the link's query (limit, marker, filters)
 * is kept and re-issued on our own base URL, so a proxy's wrong host in `href` cannot mislead us;
 * a marker seen twice stops the walk ("endless pagination loop").
 */
import { VimError } from '../errors.ts';
import type { Query, ServiceClient } from './service-client.ts';

export interface PageSpec {
  /** Collection key in the body, e.g. `servers`. */
  key: string;
  query?: Query;
  microversion?: string;
  /** Items per page (`limit`); the VIM's own default when undefined. */
  limit?: number;
}

type PageBody = Record<string, unknown> & { next?: string };

export async function listAll<W>(client: ServiceClient, path: string, spec: PageSpec): Promise<W[]> {
  const items: W[] = [];
  const seen = new Set<string>();
  let query: Query | undefined = spec.limit === undefined ? spec.query : { ...spec.query, limit: spec.limit };
  for (;;) {
    const body = await client.get<PageBody>(path, { ok: [200], query, microversion: spec.microversion });
    for (const item of (body[spec.key] as W[] | undefined) ?? []) items.push(item);
    const next = nextHref(body, spec.key);
    if (!next) return items;
    const search = new URL(next, 'http://next.invalid').searchParams;
    const key = search.toString();
    if (seen.has(key)) {
      throw new VimError(`OpenStack ${client.service} pagination repeats ${next}`, { kind: 'final' });
    }
    seen.add(key);
    query = Object.fromEntries(search);
  }
}

function nextHref(body: PageBody, key: string): string | undefined {
  if (typeof body.next === 'string') return body.next;
  const links = body[`${key}_links`];
  if (!Array.isArray(links)) return undefined;
  const next = links.find((l: { rel?: string }) => l.rel === 'next') as { href?: string } | undefined;
  return next?.href;
}
