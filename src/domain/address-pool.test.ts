import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalAddress, cidrParts, netmaskOf, nextFreeAddress, poolSize, poolSpans, spanOutside, type Span } from './address-pool.ts';
import type { StaticIpAddressPoolSpec } from './deployment-spec.ts';

const pool = (ranges: [string, string][], addresses: string[] = []): StaticIpAddressPoolSpec => ({
  network: 'net-a',
  ipAddressRanges: ranges.map(([start, end]) => ({ start, end })),
  ipAddresses: addresses,
});

function spansOf(p: StaticIpAddressPoolSpec): Span[] {
  const parsed = poolSpans(p);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.spans;
}

const allocations: { name: string; pool: StaticIpAddressPoolSpec; held: string[]; expected: string | undefined }[] = [
  { name: 'COMP-3 the first address of the first range', pool: pool([['10.0.0.10', '10.0.0.12']]), held: [], expected: '10.0.0.10' },
  { name: 'COMP-3 held addresses are skipped', pool: pool([['10.0.0.10', '10.0.0.12']]), held: ['10.0.0.10', '10.0.0.11'], expected: '10.0.0.12' },
  { name: 'COMP-3 a freed address is taken again first', pool: pool([['10.0.0.10', '10.0.0.12']]), held: ['10.0.0.11', '10.0.0.12'], expected: '10.0.0.10' },
  { name: 'COMP-3 ranges before single addresses', pool: pool([['10.0.0.10', '10.0.0.10']], ['10.0.0.2']), held: ['10.0.0.10'], expected: '10.0.0.2' },
  { name: 'COMP-3 single addresses alone', pool: pool([], ['10.0.0.7', '10.0.0.3']), held: ['10.0.0.7'], expected: '10.0.0.3' },
  { name: 'COMP-3 a range crosses an octet', pool: pool([['10.0.0.255', '10.0.1.1']]), held: ['10.0.0.255'], expected: '10.0.1.0' },
  { name: 'COMP-3 every address held: none free', pool: pool([['10.0.0.10', '10.0.0.11']], ['10.0.0.2']), held: ['10.0.0.10', '10.0.0.11', '10.0.0.2'], expected: undefined },
  { name: 'COMP-3 an empty pool has none', pool: pool([]), held: [], expected: undefined },
  { name: 'COMP-3 IPv6 range, canonical form', pool: pool([['fd00:0:0:0::a', 'fd00::c']]), held: ['fd00::a'], expected: 'fd00::b' },
  { name: 'COMP-3 IPv6 range of 2^64 addresses walks lazily', pool: pool([['fd00::', 'fd00::ffff:ffff:ffff:ffff']]), held: ['fd00::', 'fd00::1'], expected: 'fd00::2' },
];
for (const c of allocations) {
  test(c.name, () => {
    assert.equal(nextFreeAddress(spansOf(c.pool), new Set(c.held)), c.expected);
  });
}

const sizes: [StaticIpAddressPoolSpec, bigint][] = [
  [pool([['10.0.0.10', '10.0.0.19']], ['10.0.0.2']), 11n],
  [pool([], []), 0n],
  [pool([['fd00::', 'fd00::ffff:ffff:ffff:ffff']]), 1n << 64n],
];
for (const [p, size] of sizes) {
  test(`COMP-3 pool size ${size}`, () => assert.equal(poolSize(spansOf(p)), size));
}

const problems: [StaticIpAddressPoolSpec, string][] = [
  [pool([], ['10.0.0.x']), '10.0.0.x is not an IP address'],
  [pool([['10.0.0.1', 'ten']]), 'ten is not an IP address'],
  [pool([], ['10.1']), '10.1 is not an IP address'],
  [pool([['10.0.0.9', '10.0.0.1']]), 'range 10.0.0.9-10.0.0.1 ends before it starts'],
  [pool([['10.0.0.1', 'fd00::1']]), 'range 10.0.0.1-fd00::1 mixes IPv4 and IPv6'],
];
for (const [p, problem] of problems) {
  test(`COMP-3 a bad pool entry is named: ${problem}`, () => assert.deepEqual(poolSpans(p), { problem }));
}

const outside: { name: string; pool: StaticIpAddressPoolSpec; cidrs: string[]; expected: string | undefined }[] = [
  { name: 'inside its subnet', pool: pool([['10.0.0.10', '10.0.0.20']]), cidrs: ['10.0.0.0/24'], expected: undefined },
  { name: 'outside: the first address', pool: pool([], ['10.9.0.1']), cidrs: ['10.0.0.0/24'], expected: '10.9.0.1' },
  { name: 'a range running past its subnet: the first address beyond', pool: pool([['10.0.0.250', '10.0.1.5']]), cidrs: ['10.0.0.0/24', '10.0.1.0/24'], expected: '10.0.1.0' },
  { name: 'IPv6 inside', pool: pool([['fd00::10', 'fd00::20']]), cidrs: ['10.0.0.0/24', 'fd00::/64'], expected: undefined },
  { name: 'no subnet at all', pool: pool([], ['10.0.0.1']), cidrs: [], expected: '10.0.0.1' },
];
for (const c of outside) {
  test(`COMP-3 pool and subnet: ${c.name}`, () => {
    assert.equal(spanOutside(spansOf(c.pool).at(-1)!, c.cidrs), c.expected);
  });
}

test('addresses compare in one canonical form (RFC 5952 for IPv6, as Neutron writes them)', () => {
  assert.equal(canonicalAddress('FD00:0000::0001'), 'fd00::1');
  assert.equal(canonicalAddress('10.0.0.1'), '10.0.0.1');
  assert.equal(canonicalAddress('010.0.0.1'), undefined);
});

const cidrs: [string, { address: string; prefix: number } | undefined, string | undefined][] = [
  ['10.0.0.0/24', { address: '10.0.0.0', prefix: 24 }, '255.255.255.0'],
  ['10.0.0.7/30', { address: '10.0.0.4', prefix: 30 }, '255.255.255.252'],
  ['fd00:1::/64', { address: 'fd00:1::', prefix: 64 }, 'ffff:ffff:ffff:ffff::'],
  ['not-a-cidr', undefined, undefined],
];
for (const [cidr, parts, netmask] of cidrs) {
  test(`day-0 NICID_n_CIDR_* and NETMASK of ${cidr}`, () => {
    assert.deepEqual(cidrParts(cidr), parts);
    assert.equal(netmaskOf(cidr), netmask);
  });
}
