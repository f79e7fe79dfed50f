import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spec as sampleSpec, vm } from '../store/contract/fixtures.ts';
import type { DeploymentSpec, StaticIpAddressPoolSpec, VmGroupSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import { cidrOf, ipPoolRefusal, type KnownSubnet } from './ip-pool-refusal.ts';

// COMP-3, issue 12 "bad input": a pool address outside its subnet or already used is refused, naming the pool.
const base = sampleSpec('dep');
const g1 = base.vmGroups[0]!;
const pool = (network: string, ranges: [string, string][], addresses: string[] = []): StaticIpAddressPoolSpec => ({
  network,
  ipAddressRanges: ranges.map(([start, end]) => ({ start, end })),
  ipAddresses: addresses,
});
const group = (name: string, pools: StaticIpAddressPoolSpec[], more: Partial<VmGroupSpec> = {}): VmGroupSpec => ({
  ...g1,
  name,
  interfaces: [
    { nicid: 0, network: 'net-a', model: 'virtio', type: 'virtual', securityGroups: [] },
    { nicid: 1, network: 'shared-net', model: 'virtio', type: 'virtual', securityGroups: [] },
  ],
  scaling: { ...g1.scaling, staticIpAddressPools: pools },
  ...more,
});
const specOf = (...groups: VmGroupSpec[]): DeploymentSpec => ({ ...base, vmGroups: groups });
const holding = (group: string, network: string, ip: string): Vm =>
  vm(`v-${group}-${ip}`, 'd1', { group, name: `dep_${group}_0_x`, interfaces: [{ nicid: 0, network, portOwned: true, ipAddress: ip, model: 'virtio', type: 'virtual' }] });
/** `shared-net` is an existing VIM network; `net-a` is the request's ephemeral network (10.0.0.0/24, subnet sub-a). */
const vimSubnets = new Map<string, KnownSubnet[]>([['shared-net', [{ name: 'shared-sub', id: 's-uuid', cidr: '192.168.10.0/24' }]]]);

const P = (g: string, n: string) => `vm_group[${g}]/scaling/static_ip_address_pool[${n}]`;
const cases: { name: string; spec: DeploymentSpec; vms?: Vm[]; expected?: string }[] = [
  { name: 'pools inside their subnets, nothing used: accepted', spec: specOf(group('g1', [pool('net-a', [['10.0.0.10', '10.0.0.20']]), pool('shared-net', [], ['192.168.10.5'])])) },
  { name: 'a bad entry', spec: specOf(group('g1', [pool('net-a', [], ['10.0.0.300'])])), expected: `${P('g1', 'net-a')}: 10.0.0.300 is not an IP address` },
  { name: 'outside an ephemeral subnet (from the request)', spec: specOf(group('g1', [pool('net-a', [['10.0.0.250', '10.0.1.3']])])), expected: `${P('g1', 'net-a')}: 10.0.1.0 is outside its subnet (10.0.0.0/24)` },
  { name: 'outside an existing network\u2019s subnet (from the VIM)', spec: specOf(group('g1', [pool('shared-net', [], ['10.0.0.5'])])), expected: `${P('g1', 'shared-net')}: 10.0.0.5 is outside its subnet (192.168.10.0/24)` },
  {
    name: 'an interface naming a subnet confines the pool to it',
    spec: specOf(group('g1', [pool('shared-net', [], ['192.168.10.5'])], { interfaces: [{ nicid: 0, network: 'shared-net', subnet: 'other', model: 'virtio', type: 'virtual', securityGroups: [] }] })),
    expected: `${P('g1', 'shared-net')}: 192.168.10.5 is outside its subnet (the network has no subnet)`,
  },
  {
    name: 'a subnet named by id counts',
    spec: specOf(group('g1', [pool('shared-net', [], ['192.168.10.5'])], { interfaces: [{ nicid: 0, network: 'shared-net', subnet: 's-uuid', model: 'virtio', type: 'virtual', securityGroups: [] }] })),
  },
  { name: 'a network the VIM does not know is not checked here', spec: specOf(group('g1', [pool('elsewhere', [], ['172.16.0.1'])])) },
  { name: 'two entries of one pool share an address', spec: specOf(group('g1', [pool('net-a', [['10.0.0.10', '10.0.0.20']], ['10.0.0.15'])])), expected: `${P('g1', 'net-a')}: 10.0.0.15 is already used by another entry of the pool` },
  {
    name: 'two groups\u2019 pools on one network overlap',
    spec: specOf(group('g1', [pool('net-a', [['10.0.0.10', '10.0.0.20']])]), group('g2', [pool('net-a', [['10.0.0.20', '10.0.0.30']])])),
    expected: `${P('g1', 'net-a')}: 10.0.0.20-10.0.0.30 is already used by the pool of vm_group [g2]`,
  },
  { name: 'the same addresses on two networks do not clash', spec: specOf(group('g1', [pool('net-a', [], ['10.0.0.5'])]), group('g2', [pool('other-net', [], ['10.0.0.5'])])) },
  {
    name: 'an interface\u2019s fixed ip_address on the network',
    spec: specOf(group('g1', [pool('net-a', [['10.0.0.10', '10.0.0.20']])]), group('g2', [], { interfaces: [{ nicid: 0, network: 'net-a', ipAddress: '10.0.0.12', model: 'virtio', type: 'virtual', securityGroups: [] }] })),
    expected: `${P('g1', 'net-a')}: 10.0.0.12 is already used by the ip_address of vm_group [g2] interface 0`,
  },
  {
    name: 'an address a VM of another group holds',
    spec: specOf(group('g1', [pool('net-a', [['10.0.0.10', '10.0.0.20']])])),
    vms: [holding('g2', 'net-a', '10.0.0.11')],
    expected: `${P('g1', 'net-a')}: 10.0.0.11 is already used by VM [dep_g2_0_x]`,
  },
  { name: 'an address its own group\u2019s VM holds is its allocation', spec: specOf(group('g1', [pool('net-a', [['10.0.0.10', '10.0.0.20']])])), vms: [holding('g1', 'net-a', '10.0.0.11')] },
  { name: 'another group\u2019s VM on another network', spec: specOf(group('g1', [pool('net-a', [['10.0.0.10', '10.0.0.20']])])), vms: [holding('g2', 'shared-net', '10.0.0.11')] },
];
for (const c of cases) {
  test(`COMP-3 pool check: ${c.name}`, () => {
    const refusal = ipPoolRefusal(c.spec, c.vms ?? [], vimSubnets);
    assert.equal(refusal?.message, c.expected);
    if (refusal) assert.equal(refusal.code, 'INVALID_INPUT');
  });
}

const cidrs: [string, string, string][] = [
  ['10.0.0.0', '255.255.255.0', '10.0.0.0/24'],
  ['10.0.0.0', '16', '10.0.0.0/16'],
  ['fd00::', '64', 'fd00::/64'],
];
for (const [address, netmask, cidr] of cidrs) {
  test(`an ephemeral subnet ${address} ${netmask} is ${cidr}`, () => assert.equal(cidrOf(address, netmask), cidr));
}
