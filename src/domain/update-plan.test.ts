import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spec as fullSpec, vm } from '../store/contract/fixtures.ts';
import type { DeploymentSpec, NetworkSpec, VmGroupSpec, VolumeSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import { planUpdate, recordedPlan } from './update-plan.ts';

/** The stored spec: it went through JSON, as the previous spec of a real update did. */
const stored = (s: DeploymentSpec): DeploymentSpec => JSON.parse(JSON.stringify(s));
const g1 = fullSpec('dep').vmGroups[0]!;
const group = (name: string, more: Partial<VmGroupSpec> = {}): VmGroupSpec => ({ ...g1, name, ...more });
const minActive = (n: number) => ({ scaling: { ...g1.scaling, minActive: n, maxActive: Math.max(n, g1.scaling.maxActive) } });
const net = (name: string): NetworkSpec => ({ ...fullSpec('dep').networks[0]!, name });
const spec = (vmGroups: VmGroupSpec[], networks = [net('net-a')]): DeploymentSpec => ({ ...fullSpec('dep'), vmGroups, networks });
const vmIn = (id: string, g: string, index = 0): Vm => vm(id, 'd1', { group: g, index });

interface Expected {
  add?: [string, number][];
  removeVms?: string[];
  changedGroups?: string[];
  addNetworks?: string[];
  removeNetworks?: string[];
}

/** `updated`: the groups that change (all changed groups unless given); `expected.changedGroups`: those whose VMs change. */
const cases: { name: string; previous: DeploymentSpec; next: DeploymentSpec; vms: Vm[]; expected: Expected; updated?: string[] }[] = [
  { name: 'COMP-2 the same spec changes nothing', previous: spec([group('g1')]), next: spec([group('g1')]), vms: [vmIn('a', 'g1')], expected: {} },
  {
    name: 'COMP-2 an added group gets min_active VMs and is not a changed group',
    previous: spec([group('g1')]),
    next: spec([group('g1'), group('g2', minActive(2))]),
    vms: [vmIn('a', 'g1')],
    expected: { add: [['g2', 2]] },
  },
  {
    name: 'COMP-4 a raised min_active adds the VMs missing and changes none of the existing ones (no VM_UPDATED)',
    previous: spec([group('g1', minActive(1))]),
    next: spec([group('g1', minActive(3))]),
    vms: [vmIn('a', 'g1')],
    expected: { add: [['g1', 2]] },
    updated: ['g1'],
  },
  {
    name: 'COMP-4 a lowered min_active removes no VM and changes none',
    previous: spec([group('g1', minActive(2))]),
    next: spec([group('g1', minActive(1))]),
    vms: [vmIn('a', 'g1'), vmIn('b', 'g1', 1)],
    expected: {},
    updated: ['g1'],
  },
  {
    name: 'COMP-2 new KPIs change no existing VM: the monitor re-arms them',
    previous: spec([group('g1')]),
    next: spec([group('g1', { kpiData: { enabled: !g1.kpiData.enabled, kpis: g1.kpiData.kpis } })]),
    vms: [vmIn('a', 'g1')],
    expected: {},
    updated: ['g1'],
  },
  {
    name: 'COMP-2 a raised min_active with a new flavor: the existing VMs change too',
    previous: spec([group('g1', minActive(1))]),
    next: spec([group('g1', { ...minActive(2), flavor: 'm1.large' })]),
    vms: [vmIn('a', 'g1')],
    expected: { add: [['g1', 1]], changedGroups: ['g1'] },
  },
  {
    name: 'COMP-3 a removed group takes its VMs away, and only its own',
    previous: spec([group('g1'), group('g2')]),
    next: spec([group('g1')]),
    vms: [vmIn('a', 'g1'), vmIn('b', 'g2'), vmIn('c', 'g2', 1)],
    expected: { removeVms: ['b', 'c'] },
  },
  {
    name: 'COMP-2 a group with another image is a changed group',
    previous: spec([group('g1'), group('g2')]),
    next: spec([group('g1', { image: 'img-2' }), group('g2')]),
    vms: [vmIn('a', 'g1'), vmIn('b', 'g2')],
    expected: { changedGroups: ['g1'] },
  },
  {
    name: 'COMP-2 an optional field set to undefined equals the stored spec where it is absent',
    previous: spec([group('g1')]),
    next: spec([group('g1', { vimVmName: undefined, recoveryPolicy: undefined, interfaces: g1.interfaces.map((i) => ({ ...i, subnet: undefined })) })]),
    vms: [vmIn('a', 'g1')],
    expected: {},
  },
  {
    name: 'COMP-2 an optional field given a value where the stored spec has none is a change (recorded, no existing VM changed)',
    previous: spec([group('g1')]),
    next: spec([group('g1', { vimVmName: 'csr' })]),
    vms: [vmIn('a', 'g1')],
    expected: {},
    updated: ['g1'],
  },
  {
    name: 'COMP-2 ephemeral networks are added and removed by name',
    previous: spec([group('g1')], [net('net-a'), net('net-b')]),
    next: spec([group('g1')], [net('net-b'), net('net-c')]),
    vms: [vmIn('a', 'g1')],
    expected: { addNetworks: ['net-c'], removeNetworks: ['net-a'] },
  },
];

for (const c of cases) {
  test(c.name, () => {
    const { groupUpdates, ...plan } = planUpdate(stored(c.previous), c.next, c.vms);
    assert.deepEqual(groupUpdates.map((u) => u.group), c.updated ?? plan.changedGroups, 'each changed group has its changes (update-rules.test.ts)');
    assert.deepEqual(
      { ...plan, add: plan.add.map((a) => [a.group.name, a.count]) },
      { add: [], removeVms: [], changedGroups: [], swapVolumes: [], addNetworks: [], removeNetworks: [], ...c.expected },
    );
  });
}

test('COMP-2 the plan adds VMs of the group as the new spec defines it', () => {
  const g2 = group('g2', { image: 'img-new', ...minActive(1) });
  const [add] = planUpdate(stored(spec([group('g1')])), spec([group('g1'), g2]), []).add.filter((a) => a.group.name === 'g2');
  assert.equal(add?.group, g2);
});

test('COMP-2 the recorded plan names the new VMs by id and keeps the rest of the plan', () => {
  const swap = { group: 'g1', from: 'a', to: 'b', externalVolumeId: 'x', boot: false };
  const groupUpdates = [{ group: 'g1', changes: [{ kind: 'image' as const }] }];
  const planned = { add: [], removeVms: ['v9'], changedGroups: ['g1'], groupUpdates, swapVolumes: [swap], addNetworks: ['n2'], removeNetworks: ['n1'] };
  assert.deepEqual(recordedPlan(planned, ['v1', 'v2']), { addVms: ['v1', 'v2'], removeVms: ['v9'], changedGroups: ['g1'], groupUpdates, swapVolumes: [swap], addNetworks: ['n2'], removeNetworks: ['n1'] });
});

// Issue 12, retrying a failed update (`update-base.ts`): planned from the last applied spec and from the one last requested.
const vol = (name: string): VolumeSpec => ({ name, size: 1, sizeunit: 'GiB', bus: 'virtio', bootable: false });
const changesOf = (p: { groupUpdates: { group: string; changes: unknown[] }[] }) => p.groupUpdates.flatMap((u) => u.changes.map((c) => `${u.group} ${JSON.stringify(c)}`));

test('COMP-2 [I] the request of a failed update sent again plans its changes again (from the last applied spec)', () => {
  const applied = spec([group('g1')]);
  const failed = spec([group('g1', { image: 'img-2', volumes: [vol('data')] })]);
  const plan = planUpdate(stored(applied), failed, [vmIn('a', 'g1')], stored(failed));
  assert.deepEqual(changesOf(plan), ['g1 {"kind":"image"}', 'g1 {"kind":"volumeAdded","volume":"data"}']);
  assert.deepEqual(plan.changedGroups, ['g1']);
});

test('COMP-2 [I] after a failed update, what it asked and the next request drops is undone (from the last requested spec)', () => {
  const applied = spec([group('g1')], [net('net-a')]);
  const failed = spec([group('g1', { volumes: [vol('data')] })], [net('net-a'), net('net-b')]);
  const plan = planUpdate(stored(applied), applied, [vmIn('a', 'g1')], stored(failed));
  assert.deepEqual(changesOf(plan), ['g1 {"kind":"volumeRemoved","volume":"data"}']);
  assert.deepEqual([plan.changedGroups, plan.addNetworks, plan.removeNetworks], [['g1'], [], ['net-b']]);
});

test('COMP-2 a change both specs name is planned once; with nothing pending the plan is the plain one', () => {
  const applied = spec([group('g1')]);
  const next = spec([group('g1', { volumes: [vol('data'), vol('logs')] })]);
  const failed = spec([group('g1', { volumes: [vol('data')] })]);
  assert.deepEqual(changesOf(planUpdate(stored(applied), next, [], stored(failed))), ['g1 {"kind":"volumeAdded","volume":"data"}', 'g1 {"kind":"volumeAdded","volume":"logs"}']);
  assert.deepEqual(planUpdate(stored(applied), next, [], stored(applied)), planUpdate(stored(applied), next, []));
});
