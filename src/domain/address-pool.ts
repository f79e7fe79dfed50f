/**
 * Static IP address pools (COMP-3): a group's `static_ip_address_pool[network]` lists ranges and
 * single addresses; each new VM's interface on that network takes the first pool address that no
 * VM record of the deployment holds. The holding is the VM record's interface address, written in
 * the transaction that accepts the request (`vm-records.ts`), so an address is held by one VM at a
 * time, is free again once the record is deleted (scale-in, undeploy, group removal) and is never
 * handed out twice, also across a restart.
 *
 * Addresses are compared in one canonical form (ipaddr.js; RFC 5952 for IPv6, as Neutron writes
 * them). Ranges are walked lazily, so an IPv6 range of 2^64 addresses costs no more than its first
 * free one. Pure.
 */
import ipaddr from 'ipaddr.js';
import type { StaticIpAddressPoolSpec } from './deployment-spec.ts';

type Family = 'ipv4' | 'ipv6';

/** One pool entry (a range, or a single address as a range of one) as numbers. */
export interface Span {
  family: Family;
  first: bigint;
  last: bigint;
  /** The entry as written: `10.0.0.5` or `10.0.0.10-10.0.0.20`. */
  text: string;
}

/** The canonical form of an address, or undefined when it is none. */
export function canonicalAddress(text: string): string | undefined {
  return ipaddr.isValid(text) && (ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text)) ? ipaddr.parse(text).toString() : undefined;
}

/** The pool's entries as spans (ranges first, then single addresses), or the problem with the first bad one. */
export function poolSpans(pool: StaticIpAddressPoolSpec): { spans: Span[] } | { problem: string } {
  const spans: Span[] = [];
  for (const entry of [...pool.ipAddressRanges, ...pool.ipAddresses.map((a) => ({ start: a, end: a }))]) {
    const text = entry.start === entry.end ? entry.start : `${entry.start}-${entry.end}`;
    const [start, end] = [parse(entry.start), parse(entry.end)];
    if (!start) return { problem: `${entry.start} is not an IP address` };
    if (!end) return { problem: `${entry.end} is not an IP address` };
    if (start.family !== end.family) return { problem: `range ${text} mixes IPv4 and IPv6` };
    if (start.value > end.value) return { problem: `range ${text} ends before it starts` };
    spans.push({ family: start.family, first: start.value, last: end.value, text });
  }
  return { spans };
}

/** How many addresses the pool holds (entries never overlap: `ipPoolRefusal` refuses that). */
export function poolSize(spans: readonly Span[]): bigint {
  return spans.reduce((n, s) => n + s.last - s.first + 1n, 0n);
}

/** The first address of the pool, in its order, not in `held` (canonical forms), or undefined when all are held. */
export function nextFreeAddress(spans: readonly Span[], held: ReadonlySet<string>): string | undefined {
  for (const span of spans)
    for (let n = span.first; n <= span.last; n++) {
      const address = format(span.family, n);
      if (!held.has(address)) return address;
    }
  return undefined;
}

/** True when the canonical `address` lies in the span. */
export function spanHolds(span: Span, address: string): boolean {
  const ip = parse(address);
  return !!ip && ip.family === span.family && ip.value >= span.first && ip.value <= span.last;
}

/** True when two spans share an address. */
export function spansOverlap(a: Span, b: Span): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/**
 * The first address of a span outside the CIDRs (`10.0.0.0/24`) it may use, or undefined when the
 * span lies inside one of them (a range may not straddle two subnets: a port has one subnet).
 */
export function spanOutside(span: Span, cidrs: readonly string[]): string | undefined {
  const home = cidrs.map(cidrSpan).find((net) => !!net && net.family === span.family && net.first <= span.first && span.first <= net.last);
  if (!home) return format(span.family, span.first);
  return span.last <= home.last ? undefined : format(span.family, home.last + 1n);
}

/** `10.0.0.0/24` → its first and last address; undefined when it is no CIDR. */
export function cidrSpan(cidr: string): Span | undefined {
  if (!ipaddr.isValidCIDR(cidr)) return undefined;
  const [ip, bits] = ipaddr.parseCIDR(cidr);
  const width = ip.kind() === 'ipv4' ? 32 : 128;
  const host = (1n << BigInt(width - bits)) - 1n;
  const first = toBigInt(ip.toByteArray()) & ~host;
  return { family: ip.kind(), first, last: first | host, text: cidr };
}

/** A CIDR's network address and prefix length (`10.0.0.7/24` → `10.0.0.0`, `24`), undefined when it is no CIDR. */
export function cidrParts(cidr: string): { address: string; prefix: number } | undefined {
  const span = cidrSpan(cidr);
  return span && { address: format(span.family, span.first), prefix: ipaddr.parseCIDR(cidr)[1] };
}

/** The netmask of a CIDR (`10.0.0.0/24` → `255.255.255.0`; IPv6 in the same address form), undefined when it is no CIDR. */
export function netmaskOf(cidr: string): string | undefined {
  if (!ipaddr.isValidCIDR(cidr)) return undefined;
  const [ip, bits] = ipaddr.parseCIDR(cidr);
  return (ip.kind() === 'ipv4' ? ipaddr.IPv4 : ipaddr.IPv6).subnetMaskFromPrefixLength(bits).toString();
}

function parse(text: string): { family: Family; value: bigint } | undefined {
  const canonical = canonicalAddress(text);
  if (canonical === undefined) return undefined;
  const ip = ipaddr.parse(canonical);
  return { family: ip.kind(), value: toBigInt(ip.toByteArray()) };
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

function format(family: Family, n: bigint): string {
  const length = family === 'ipv4' ? 4 : 16;
  const bytes = Array.from({ length }, (_, k) => Number((n >> BigInt(8 * (length - 1 - k))) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}
