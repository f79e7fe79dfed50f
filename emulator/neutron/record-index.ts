/**
 * Neutron records by the attributes clients find them with — `name`, `description` and each tag —
 * so a list filtered on one of them reads the records that may match instead of every record of
 * the collection (issue 14: the manager finds a VM's port by description among thousands).
 * Derived, never stored: built on first use for a collection object (a state read from its file
 * is a new object, so a new index), then kept by the only places a record is stored, has those
 * attributes changed (create, PUT, the tag routes) or is dropped: `storeRecord`, `recordChanged`,
 * `dropRecord`. What it yields is a superset kept in the collection's order; the list still applies
 * every filter, so the answer is the same as a scan's.
 */
import type { Cloud } from '../state/cloud.ts';
import type { NeutronCollection, NeutronRecord } from '../state/model.ts';
import { listValues } from './filters.ts';

type Attribute = 'name' | 'description' | 'tags';
/** The attributes filed by their one text value; `tags` files each tag. */
const TEXT_ATTRIBUTES = ['name', 'description'] as const;

/** Where a record whose attribute is not a string is filed: a filter on any value may match it (`None`, booleans, lists). */
const LOOSE = Symbol('not a string');
type Key = string | typeof LOOSE;

interface Index {
  /** Each record's place in the collection's key order (insertion order: ids are never integers). */
  order: Map<string, number>;
  next: number;
  buckets: Record<Attribute, Map<Key, Set<string>>>;
  /** The keys each record is filed under, to unfile it. */
  filed: Map<string, [Attribute, Key][]>;
}

const indexes = new WeakMap<Record<string, NeutronRecord>, Index>();

function keysOf(r: NeutronRecord): [Attribute, Key][] {
  const keys: [Attribute, Key][] = [];
  for (const attr of TEXT_ATTRIBUTES) keys.push([attr, typeof r[attr] === 'string' ? r[attr] : LOOSE]);
  const tags = r.tags;
  if (Array.isArray(tags)) for (const t of tags) keys.push(['tags', String(t)]);
  else if (tags !== undefined) keys.push(['tags', LOOSE]);
  return keys;
}

function unfile(index: Index, id: string): void {
  for (const [attr, key] of index.filed.get(id) ?? []) {
    const bucket = index.buckets[attr].get(key);
    bucket?.delete(id);
    if (bucket?.size === 0) index.buckets[attr].delete(key);
  }
  index.filed.delete(id);
}

function file(index: Index, r: NeutronRecord): void {
  unfile(index, r.id);
  if (!index.order.has(r.id)) index.order.set(r.id, index.next++);
  const keys = keysOf(r);
  for (const [attr, key] of keys) {
    let bucket = index.buckets[attr].get(key);
    if (!bucket) index.buckets[attr].set(key, (bucket = new Set()));
    bucket.add(r.id);
  }
  index.filed.set(r.id, keys);
}

function indexOf(records: Record<string, NeutronRecord>): Index {
  let index = indexes.get(records);
  if (!index) {
    index = { order: new Map(), next: 0, buckets: { name: new Map(), description: new Map(), tags: new Map() }, filed: new Map() };
    for (const r of Object.values(records)) file(index, r);
    indexes.set(records, index);
  }
  return index;
}

/** Stores a new record, or stores one again after changing it (keeping its place). */
export function storeRecord(cloud: Cloud, coll: NeutronCollection, r: NeutronRecord): void {
  const records = cloud.state.neutron[coll];
  records[r.id] = r;
  const index = indexes.get(records);
  if (index) file(index, r);
}

/** A stored record's name, description or tags changed. */
export function recordChanged(cloud: Cloud, coll: NeutronCollection, r: NeutronRecord): void {
  const index = indexes.get(cloud.state.neutron[coll]);
  if (index) file(index, r);
}

export function dropRecord(cloud: Cloud, coll: NeutronCollection, id: string): void {
  const records = cloud.state.neutron[coll];
  delete records[id];
  const index = indexes.get(records);
  if (index) {
    unfile(index, id);
    index.order.delete(id);
  }
}

/**
 * The records that may pass the query's `name`, `description`, `tags` or `tags-any` filter (the
 * narrowest), in the collection's order; undefined when it has none of them (every record may).
 */
export function candidates(cloud: Cloud, coll: NeutronCollection, query: URLSearchParams): NeutronRecord[] | undefined {
  const records = cloud.state.neutron[coll];
  const index = indexOf(records);
  const bucket = (attr: Attribute, key: Key) => index.buckets[attr].get(key) ?? new Set<string>();
  // Each option: buckets whose union holds every record the filter lets through.
  const options: Set<string>[][] = [];
  for (const attr of TEXT_ATTRIBUTES) {
    const values = query.getAll(attr);
    if (values.length > 0) options.push([...values.map((v) => bucket(attr, v)), bucket(attr, LOOSE)]);
  }
  // `tags` wants all of them, so any one's records (and the loose ones) hold the answer.
  for (const t of listValues(query, 'tags')) options.push([bucket('tags', t), bucket('tags', LOOSE)]);
  const tagsAny = listValues(query, 'tags-any');
  if (tagsAny.length > 0) options.push([...tagsAny.map((t) => bucket('tags', t)), bucket('tags', LOOSE)]);
  if (options.length === 0) return undefined;
  const size = (o: Set<string>[]) => o.reduce((n, s) => n + s.size, 0);
  const narrowest = options.reduce((a, b) => (size(b) < size(a) ? b : a));
  const ids = narrowest.length === 1 ? [...narrowest[0]!] : [...new Set(narrowest.flatMap((s) => [...s]))];
  ids.sort((a, b) => index.order.get(a)! - index.order.get(b)!);
  const out: NeutronRecord[] = [];
  for (const id of ids) {
    const r = records[id];
    if (r) out.push(r);
  }
  return out;
}
