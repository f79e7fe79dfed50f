/**
 * The fixed addresses in use, kept beside the ports so an allocation does not scan every port
 * (issue 12: 10,000 VMs made set-up quadratic). Each subnet hands out addresses in pool order from a
 * cursor; addresses released below the cursor wait in a min-heap. So "the first free address of the
 * pools" — Neutron's IPAM rule, kept exactly — costs O(log n) amortized.
 * Nothing here is persisted: the index is rebuilt from the ports on first use (a loaded state file
 * is a new ports object), and every entry is checked against the ports when used, so a stale entry
 * costs a skip, never a wrong answer.
 */
import type { Cloud } from '../state/cloud.ts';
import type { NeutronRecord } from '../state/model.ts';
import { conflict } from '../http/types.ts';
import { intToIp, ipToInt } from './ipam.ts';

type Pools = { start: string; end: string }[];
type FixedIp = { subnet_id: string; ip_address: string };

/** A subnet's allocation order; rebuilt when its pools or gateway change (both updatable). */
interface Cursor {
  signature: string;
  ranges: [number, number][];
  next: number;
  freed: MinHeap;
}

interface NetworkIndex {
  owners: Map<string, string>;
  cursors: Map<string, Cursor>;
}

const indexes = new WeakMap<object, Map<string, NetworkIndex>>();

function networkIndex(cloud: Cloud, networkId: string): NetworkIndex {
  const ports = cloud.state.neutron.ports;
  let byNetwork = indexes.get(ports);
  if (!byNetwork) indexes.set(ports, (byNetwork = new Map()));
  let index = byNetwork.get(networkId);
  if (!index) {
    index = { owners: new Map(), cursors: new Map() };
    for (const port of Object.values(ports)) if (port.network_id === networkId) record(index, port);
    byNetwork.set(networkId, index);
  }
  return index;
}

function record(index: NetworkIndex, port: NeutronRecord): void {
  for (const ip of port.fixed_ips as FixedIp[]) index.owners.set(ip.ip_address, port.id);
}

/** Whether a port of the network holds `ip` (the owner entry checked against the ports). */
export function ipInUse(cloud: Cloud, networkId: string, ip: string): boolean {
  const owner = networkIndex(cloud, networkId).owners.get(ip);
  const port = owner === undefined ? undefined : cloud.state.neutron.ports[owner];
  return port !== undefined && port.network_id === networkId && (port.fixed_ips as FixedIp[]).some((f) => f.ip_address === ip);
}

/** Notes a newly stored port's addresses. */
export function portAdded(cloud: Cloud, port: NeutronRecord): void {
  record(networkIndex(cloud, String(port.network_id)), port);
}

/** Offers a removed port's addresses for reuse, lowest first. */
export function portRemoved(cloud: Cloud, port: NeutronRecord): void {
  const index = networkIndex(cloud, String(port.network_id));
  for (const ip of port.fixed_ips as FixedIp[]) {
    if (index.owners.get(ip.ip_address) === port.id) index.owners.delete(ip.ip_address);
    const cursor = index.cursors.get(ip.subnet_id);
    const at = cursor ? ordinal(cursor, ipToInt(ip.ip_address)) : -1;
    if (cursor && at >= 0 && at < cursor.next) cursor.freed.push(at);
  }
}

/** A network and its subnets are gone: forget them. */
export function networkRemoved(cloud: Cloud, networkId: string): void {
  indexes.get(cloud.state.neutron.ports)?.delete(networkId);
}

/**
 * The first address of the subnet's pools that is neither a port's, a gateway of the network nor in
 * `taken` (picked earlier in the same request); 409 IpAddressGenerationFailure when full.
 */
export function allocateFixedIp(cloud: Cloud, subnet: NeutronRecord, gateways: Set<string>, taken: Set<string>): string {
  const networkId = String(subnet.network_id);
  const cursor = cursorOf(networkIndex(cloud, networkId), subnet, gateways);
  const skipped: number[] = [];
  const free = (at: number) => {
    const ip = intToIp(address(cursor, at));
    if (taken.has(ip)) skipped.push(at);
    return gateways.has(ip) || taken.has(ip) || ipInUse(cloud, networkId, ip) ? undefined : ip;
  };
  // Released addresses are all below the cursor, so the lowest free one among them comes first.
  // The address returned stays where it is (the stored port then marks it used), so a request
  // that fails after picking it loses nothing; one skipped for `taken` only is put back likewise.
  try {
    for (let at = cursor.freed.peek(); at !== undefined; at = cursor.freed.peek()) {
      const ip = free(at);
      if (ip) return ip;
      cursor.freed.pop();
    }
    for (const total = size(cursor); cursor.next < total; cursor.next++) {
      const ip = free(cursor.next);
      if (ip) return ip;
    }
  } finally {
    for (const at of skipped) cursor.freed.push(at);
  }
  throw conflict(`No more IP addresses available on network ${networkId}.`, 'IpAddressGenerationFailure');
}

function cursorOf(index: NetworkIndex, subnet: NeutronRecord, gateways: Set<string>): Cursor {
  const pools = subnet.allocation_pools as Pools;
  const signature = JSON.stringify([pools, [...gateways]]);
  let cursor = index.cursors.get(subnet.id);
  if (cursor?.signature !== signature) {
    // From the start again: one pass skips what is taken, the heap refills as ports go.
    cursor = { signature, ranges: pools.map((p) => [ipToInt(p.start), ipToInt(p.end)]), next: 0, freed: new MinHeap() };
    index.cursors.set(subnet.id, cursor);
  }
  return cursor;
}

const size = (c: Cursor) => c.ranges.reduce((n, [a, b]) => n + Math.max(0, b - a + 1), 0);

/** Position of an address in pool order (-1 outside the pools). */
function ordinal(c: Cursor, ip: number): number {
  let before = 0;
  for (const [a, b] of c.ranges) {
    if (ip >= a && ip <= b) return before + ip - a;
    before += Math.max(0, b - a + 1);
  }
  return -1;
}

function address(c: Cursor, at: number): number {
  let rest = at;
  for (const [a, b] of c.ranges) {
    const n = Math.max(0, b - a + 1);
    if (rest < n) return a + rest;
    rest -= n;
  }
  throw new RangeError(`ordinal ${at} beyond the pools`);
}

/** A binary min-heap of positions. */
class MinHeap {
  #items: number[] = [];

  push(v: number): void {
    const a = this.#items;
    a.push(v);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= v) break;
      a[i] = a[parent]!;
      a[parent] = v;
      i = parent;
    }
  }

  peek(): number | undefined {
    return this.#items[0];
  }

  pop(): number | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l]! < a[m]!) m = l;
      if (r < a.length && a[r]! < a[m]!) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
    return top;
  }
}
