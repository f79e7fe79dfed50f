import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { deployment, spec, vm } from '../store/contract/fixtures.ts';
import type { VmGroupSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import { isDomainError } from './errors.ts';
import { newVmRecords, nextIndexes, withAddedInterfaces } from './vm-records.ts';

const indexCases: { name: string; existing: [string, number][]; count: number; expected: number[] }[] = [
  { name: 'IMPL-1 the first VMs of a group are indexed from 0', existing: [], count: 3, expected: [0, 1, 2] },
  { name: 'IMPL-1 new indexes follow the highest in use, gaps are not refilled', existing: [['g1', 0], ['g1', 3]], count: 2, expected: [4, 5] },
  { name: 'IMPL-1 the order of the records does not matter', existing: [['g1', 5], ['g1', 1]], count: 1, expected: [6] },
  { name: 'IMPL-1 other groups\u2019 indexes are ignored', existing: [['g2', 7], ['g1', 0]], count: 1, expected: [1] },
  { name: 'IMPL-1 a group with only other groups\u2019 VMs starts at 0', existing: [['g2', 7]], count: 2, expected: [0, 1] },
  { name: 'count 0 gives no index', existing: [['g1', 0]], count: 0, expected: [] },
  { name: 'a negative count gives no index', existing: [], count: -2, expected: [] },
];

for (const c of indexCases) {
  test(c.name, () => {
    const existing = c.existing.map(([group, index], i) => vm(`v${i}`, 'd1', { group, index }));
    assert.deepEqual(nextIndexes(existing, 'g1', c.count), c.expected);
  });
}

const now = '2026-01-01T00:00:00.000Z';
const dep = deployment('d1', { name: 'dep' });
const g1 = spec('dep').vmGroups[0]!;
const group: VmGroupSpec = {
  ...g1,
  interfaces: [
    { ...g1.interfaces[0]!, subnet: 'sub-a', ipAddress: '10.0.0.9', macAddress: 'fa:16:3e:00:00:01' },
    { nicid: 1, network: 'net-b', model: 'e1000', type: 'virtual', port: 'pre-made-port', securityGroups: [] },
  ],
  volumes: [{ name: 'data', sizeunit: 'GiB', size: 2, bus: 'virtio', bootable: true, bootIndex: 0 }],
};

test('IMPL-1 new VM records carry the group, the generated name and the deploying state', () => {
  const given = ['a1b2c3d4-0000-4000-8000-00000000000a', 'a1b2c3d4-0000-4000-8000-00000000000b'];
  const records = newVmRecords(dep, group, [2, 3], now, () => given.shift()!, []);
  assert.equal(records.length, 2);
  for (const [k, r] of records.entries()) {
    assert.equal(r.id, `a1b2c3d4-0000-4000-8000-00000000000${'ab'[k]}`);
    assert.deepEqual(r, {
      id: r.id,
      deploymentId: 'd1',
      group: 'g1',
      index: 2 + k,
      name: `dep_g1_${2 + k}_${r.id}`,
      vimName: `dep_g1_${2 + k}_${r.id}`,
      image: 'img',
      flavor: 'm1.small',
      state: 'VM_DEPLOYING_STATE',
      monitoring: false,
      interfaces: [
        { nicid: 0, network: 'net-a', subnet: 'sub-a', ipAddress: '10.0.0.9', macAddress: 'fa:16:3e:00:00:01', model: 'virtio', type: 'virtual', portOwned: true },
        { nicid: 1, network: 'net-b', subnet: undefined, ipAddress: undefined, macAddress: undefined, model: 'e1000', type: 'virtual', portOwned: false },
      ],
      volumes: [{ name: 'data', bootable: true, bootIndex: 0, owned: true }],
      day0Values: [{ dst: 'day0.txt', variable: 'NAME', value: 'ab'[k]! }],
      createdAt: now,
      updatedAt: now,
    });
  }
  assert.notEqual(records[0]!.id, records[1]!.id);
});

test('IMPL-1 vim_vm_name names the servers, indexed after the first', () => {
  const names = newVmRecords(dep, { ...group, vimVmName: 'csr' }, [0, 1], now, randomUUID, []).map((r) => [r.vimName, r.name.startsWith('dep_g1_')]);
  assert.deepEqual(names, [
    ['csr', true],
    ['csr_1', true],
  ]);
});

test('no index, no record', () => {
  assert.deepEqual(newVmRecords(dep, group, [], now, randomUUID, []), []);
});

// COMP-3, issue 12 items 3 and 7: pools hand each value to one VM at a time; the records are the holdings.
const pooled: VmGroupSpec = {
  ...g1,
  interfaces: [
    { nicid: 0, network: 'net-a', model: 'virtio', type: 'virtual', securityGroups: [] },
    { nicid: 1, network: 'net-b', model: 'virtio', type: 'virtual', securityGroups: [] },
  ],
  scaling: {
    ...g1.scaling,
    staticIpAddressPools: [{ network: 'net-a', gateway: '10.0.0.1', netmask: '255.255.255.0', ipAddressRanges: [{ start: '10.0.0.10', end: '10.0.0.11' }], ipAddresses: ['10.0.0.20'] }],
  },
  configData: [{ dst: 'day0.txt', data: '$SITE $ZONE', variables: [{ name: 'SITE', values: ['s1', 's2', 's3'] }, { name: 'ZONE', values: ['z'] }] }],
};
const ipOf = (v: Vm, nicid = 0) => v.interfaces.find((i) => i.nicid === nicid)?.ipAddress;
const siteOf = (v: Vm) => v.day0Values?.find((h) => h.variable === 'SITE')?.value;
const holder = (ip: string, site: string, group = 'g1'): Vm =>
  vm(`h-${ip}`, 'd1', { group, interfaces: [{ nicid: 0, network: 'net-a', portOwned: true, ipAddress: ip, model: 'virtio', type: 'virtual' }], day0Values: [{ dst: 'day0.txt', variable: 'SITE', value: site }] });

const poolCases: { name: string; existing: Vm[]; count: number; ips: string[]; sites: string[] }[] = [
  { name: 'COMP-3 two new VMs take distinct addresses and values, in pool order', existing: [], count: 2, ips: ['10.0.0.10', '10.0.0.11'], sites: ['s1', 's2'] },
  { name: 'COMP-3 what existing VMs hold is skipped', existing: [holder('10.0.0.10', 's1')], count: 2, ips: ['10.0.0.11', '10.0.0.20'], sites: ['s2', 's3'] },
  { name: 'COMP-3 a freed address and value (record deleted) is handed out again', existing: [holder('10.0.0.11', 's2')], count: 1, ips: ['10.0.0.10'], sites: ['s1'] },
  { name: 'COMP-3 an address another group holds on the network is held too', existing: [holder('10.0.0.10', 's1', 'g2')], count: 1, ips: ['10.0.0.11'], sites: ['s1'] },
];
for (const c of poolCases) {
  test(c.name, () => {
    const records = newVmRecords(dep, pooled, nextIndexes(c.existing, 'g1', c.count), now, randomUUID, c.existing);
    assert.deepEqual(records.map((r) => ipOf(r)), c.ips);
    assert.deepEqual(records.map(siteOf), c.sites);
  });
}

test('COMP-3 a pool address carries the pool\u2019s netmask and gateway; an interface without a pool is left to DHCP', () => {
  const [r] = newVmRecords(dep, pooled, [0], now, randomUUID, []);
  assert.deepEqual(r!.interfaces[0], { nicid: 0, network: 'net-a', subnet: undefined, ipAddress: '10.0.0.10', macAddress: undefined, model: 'virtio', type: 'virtual', portOwned: true, netmask: '255.255.255.0', gateway: '10.0.0.1' });
  assert.equal(ipOf(r!, 1), undefined);
});

test('[I] a variable with one value is a constant, not held', () => {
  const [r] = newVmRecords(dep, pooled, [0], now, randomUUID, []);
  assert.deepEqual(r!.day0Values, [{ dst: 'day0.txt', variable: 'SITE', value: 's1' }]);
});

test('COMP-3 a fixed ip_address and a pre-created port take nothing from the pool', () => {
  const fixed: VmGroupSpec = { ...pooled, interfaces: [{ ...pooled.interfaces[0]!, ipAddress: '10.0.0.99' }, { ...pooled.interfaces[0]!, nicid: 1, port: 'made' }] };
  const [r] = newVmRecords(dep, fixed, [0], now, randomUUID, []);
  assert.deepEqual(r!.interfaces.map((i) => i.ipAddress), ['10.0.0.99', undefined]);
});

const exhausted: { name: string; existing: Vm[]; count: number; message: string }[] = [
  {
    name: 'COMP-3 more VMs than free addresses: refused naming the pool',
    existing: [holder('10.0.0.10', 's1')],
    count: 3,
    message: 'vm_group[g1]/scaling/static_ip_address_pool[net-a] has no free address: all 3 are held by other VMs; add addresses to the pool in the same update',
  },

];
for (const c of exhausted) {
  test(c.name, () => {
    assert.throws(() => newVmRecords(dep, pooled, nextIndexes(c.existing, 'g1', c.count), now, randomUUID, c.existing), (err) => isDomainError(err, 'INVALID_INPUT') && err.message === c.message);
  });
}

test('issue 12 item 7 a value pool with nothing free refuses naming the variable', () => {
  const wide: VmGroupSpec = { ...pooled, scaling: { ...pooled.scaling, staticIpAddressPools: [] } };
  assert.throws(
    () => newVmRecords(dep, wide, [0, 1, 2, 3], now, randomUUID, []),
    (err) => isDomainError(err, 'INVALID_INPUT') && err.message === 'vm_group[g1]/config_data/configuration[day0.txt]/variable[SITE] has no free value: all 3 are held by other VMs; add values to the pool',
  );
});

// COMP-2 with COMP-3: an interface a service update adds takes its address from the pool as a new VM's does.
const grown: VmGroupSpec = {
  ...pooled,
  interfaces: [...pooled.interfaces, { nicid: 2, network: 'net-c', model: 'virtio', type: 'virtual', securityGroups: [] }],
  scaling: { ...pooled.scaling, staticIpAddressPools: [...pooled.scaling.staticIpAddressPools, { network: 'net-c', ipAddressRanges: [], ipAddresses: ['10.2.0.5', '10.2.0.6'] }] },
};

test('COMP-2 COMP-3 an interface added by an update takes the next free address of its pool, one per VM', () => {
  const [a, b] = newVmRecords(dep, pooled, [0, 1], now, randomUUID, []);
  const grownA = withAddedInterfaces(grown, a!, [2], [a!, b!], 'later');
  const grownB = withAddedInterfaces(grown, b!, [2], [grownA, b!], 'later');
  assert.deepEqual([ipOf(grownA, 2), ipOf(grownB, 2)], ['10.2.0.5', '10.2.0.6']);
  assert.deepEqual([grownA.interfaces.map((i) => i.nicid), grownA.updatedAt, ipOf(grownA, 0)], [[0, 1, 2], 'later', ipOf(a!, 0)], 'the others kept');
  assert.deepEqual(withAddedInterfaces(grown, grownA, [2], [grownA, grownB], 'again').interfaces, grownA.interfaces, 'a re-sent update keeps the address taken');
  const [c] = newVmRecords(dep, pooled, [2], now, randomUUID, [grownA, grownB]);
  assert.throws(
    () => withAddedInterfaces(grown, c!, [2], [grownA, grownB, c!], 'later'),
    (err) => isDomainError(err, 'INVALID_INPUT') && err.message.startsWith('vm_group[g1]/scaling/static_ip_address_pool[net-c] has no free address'),
  );
});
