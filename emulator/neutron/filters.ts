/**
 * Neutron's list query language (spec §5): any attribute as a filter (repeat = OR), `fixed_ips=`
 * sub-filters on ports, `tags`/`tags-any`/`not-tags`/`not-tags-any`, `fields=`, `limit`/`marker`
 * paging with `<coll>_links` only when more exist; an unknown filter name is a 400.
 */
import { badRequest, type EmuRequest } from '../http/types.ts';
import { pageFrom, startAfter } from '../http/paging.ts';
import type { NeutronRecord } from '../state/model.ts';

const CONTROL = new Set(['fields', 'limit', 'marker', 'page_reverse', 'sort_key', 'sort_dir', 'tags', 'tags-any', 'not-tags', 'not-tags-any', 'fixed_ips']);

function same(actual: unknown, wanted: string): boolean {
  if (typeof actual === 'boolean') return ['true', '1'].includes(wanted.toLowerCase()) === actual;
  if (actual === null || actual === undefined) return wanted === '' || wanted === 'None';
  if (Array.isArray(actual)) return actual.map(String).includes(wanted);
  return String(actual) === wanted;
}

function fixedIpMatches(record: NeutronRecord, conditions: string[]): boolean {
  const ips = (record.fixed_ips ?? []) as { subnet_id: string; ip_address: string }[];
  return conditions.every((cond) => {
    const [key, value = ''] = cond.split('=');
    if (key === 'ip_address') return ips.some((ip) => ip.ip_address === value);
    if (key === 'subnet_id') return ips.some((ip) => ip.subnet_id === value);
    if (key === 'ip_address_substr') return ips.some((ip) => ip.ip_address.includes(value));
    throw badRequest(`Invalid input for operation: '${cond}' is not a valid fixed_ips filter.`, 'InvalidInput');
  });
}

/** A list filter's values: repeated and comma-separated alike (`tags=a,b&tags=c`). */
export function listValues(q: URLSearchParams, key: string): string[] {
  return q.getAll(key).flatMap((v) => v.split(','));
}

function tagsOf(r: NeutronRecord): string[] {
  return (r.tags ?? []) as string[];
}

export function applyFilters(records: NeutronRecord[], req: EmuRequest, attributes: Set<string>): NeutronRecord[] {
  const q = req.query;
  const keys = [...new Set(q.keys())];
  const bogus = keys.filter((k) => !CONTROL.has(k) && !attributes.has(k));
  if (bogus.length > 0) throw badRequest(`[${bogus.map((b) => `'${b}'`).join(', ')}] is invalid attribute for filtering`);
  const tags = listValues(q, 'tags');
  const tagsAny = listValues(q, 'tags-any');
  const notTags = listValues(q, 'not-tags');
  const notTagsAny = listValues(q, 'not-tags-any');
  const fixedIps = q.getAll('fixed_ips');
  // Read once, not per record: a list of thousands of ports asked the query for every one.
  const wanted = keys.filter((k) => !CONTROL.has(k)).map((key) => [key, q.getAll(key)] as const);
  return records.filter((r) => {
    for (const [key, values] of wanted) {
      if (!values.some((v) => same(r[key], v))) return false;
    }
    if (tags.length && !tags.every((t) => tagsOf(r).includes(t))) return false;
    if (tagsAny.length && !tagsAny.some((t) => tagsOf(r).includes(t))) return false;
    if (notTags.length && notTags.every((t) => tagsOf(r).includes(t))) return false;
    if (notTagsAny.length && notTagsAny.some((t) => tagsOf(r).includes(t))) return false;
    if (fixedIps.length && !fixedIpMatches(r, fixedIps)) return false;
    return true;
  });
}

export function project(record: NeutronRecord, req: EmuRequest): Record<string, unknown> {
  const fields = req.query.getAll('fields');
  if (fields.length === 0) return record;
  return Object.fromEntries(fields.filter((f) => f in record).map((f) => [f, record[f]]));
}

export function paginate(records: NeutronRecord[], req: EmuRequest, coll: string): { page: NeutronRecord[]; links?: unknown[] } {
  const start = startAfter(records, req.query.get('marker'), (marker) => badRequest(`Marker ${marker} not found`));
  const limitText = req.query.get('limit');
  const { page, next } = pageFrom(records, start, limitText === null ? Infinity : Number(limitText));
  if (next === undefined) return { page };
  const query = new URLSearchParams(req.query);
  query.set('marker', next);
  return { page, links: [{ rel: 'next', href: `${req.baseUrl}/network/v2.0/${coll}?${query.toString()}` }] };
}
