import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { deployment, spec, vm } from '../store/contract/fixtures.ts';
import type { VmGroupSpec } from './deployment-spec.ts';
import { newVmRecords, nextIndexes } from './vm-records.ts';

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
  const records = newVmRecords(dep, group, [2, 3], now, () => given.shift()!);
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
      createdAt: now,
      updatedAt: now,
    });
  }
  assert.notEqual(records[0]!.id, records[1]!.id);
});

test('IMPL-1 vim_vm_name names the servers, indexed after the first', () => {
  const names = newVmRecords(dep, { ...group, vimVmName: 'csr' }, [0, 1], now, randomUUID).map((r) => [r.vimName, r.name.startsWith('dep_g1_')]);
  assert.deepEqual(names, [
    ['csr', true],
    ['csr_1', true],
  ]);
});

test('no index, no record', () => {
  assert.deepEqual(newVmRecords(dep, group, [], now, randomUUID), []);
});
