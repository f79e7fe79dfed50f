import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spec as fullSpec } from '../store/contract/fixtures.ts';
import type { DeploymentSpec, InterfaceSpec, VmGroupSpec, VolumeSpec } from './deployment-spec.ts';
import { isDomainError } from './errors.ts';
import { planUpdate } from './update-plan.ts';
import { updateRules, type ChangeKind, type GroupChange } from './update-rules.ts';

const g1 = fullSpec('dep').vmGroups[0]!;
const nic = (nicid: number, network: string, more: Partial<InterfaceSpec> = {}): InterfaceSpec => ({ nicid, network, model: 'virtio', type: 'virtual', securityGroups: [], ...more });
const vol = (name: string, more: Partial<VolumeSpec> = {}): VolumeSpec => ({ name, size: 1, sizeunit: 'GiB', bus: 'virtio', bootable: false, ...more });
const group = (more: Partial<VmGroupSpec> = {}, name = 'g1'): VmGroupSpec => ({ ...g1, name, interfaces: [nic(0, 'a'), nic(1, 'b')], volumes: [vol('data')], ...more });
const spec = (...vmGroups: VmGroupSpec[]): DeploymentSpec => ({ ...fullSpec('dep'), vmGroups });
/** The stored spec: it went through JSON, as the previous spec of a real update did. */
const stored = (s: DeploymentSpec): DeploymentSpec => JSON.parse(JSON.stringify(s));

function changesOf(previous: DeploymentSpec, next: DeploymentSpec): GroupChange[] {
  return planUpdate(stored(previous), next, []).groupUpdates.flatMap((u) => u.changes);
}

const applied: { name: string; next: VmGroupSpec; expected: GroupChange[] }[] = [
  { name: 'COMP-2 REST-1 an image change is recorded', next: group({ image: 'img-2' }), expected: [{ kind: 'image' }] },
  { name: 'COMP-2 a flavor change is recorded (no resize)', next: group({ flavor: 'm1.large' }), expected: [{ kind: 'flavor' }] },
  { name: 'COMP-2 a day-0 change is recorded', next: group({ configData: [{ dst: 'day0.txt', data: 'new', variables: [] }] }), expected: [{ kind: 'day0' }] },
  { name: 'COMP-4 a scaling change', next: group({ scaling: { ...g1.scaling, maxActive: 9 } }), expected: [{ kind: 'scaling' }] },
  { name: 'COMP-2 a KPI change re-arms monitoring', next: group({ kpiData: { ...g1.kpiData, enabled: !g1.kpiData.enabled } }), expected: [{ kind: 'monitoring' }] },
  { name: 'COMP-2 a rules change re-arms monitoring', next: group({ rules: { adminRules: [], userRules: [{ eventName: 'E', actions: ['TRUE x'] }] } }), expected: [{ kind: 'monitoring' }] },
  { name: 'COMP-2 another setting is recorded', next: group({ bootupTime: 999 }), expected: [{ kind: 'settings' }] },
  { name: 'COMP-2 an interface added last is attached', next: group({ interfaces: [nic(0, 'a'), nic(1, 'b'), nic(2, 'c')] }), expected: [{ kind: 'interfaceAdded', nicid: 2 }] },
  { name: 'COMP-2 the last interface removed is detached', next: group({ interfaces: [nic(0, 'a')] }), expected: [{ kind: 'interfaceRemoved', nicid: 1 }] },
  { name: 'COMP-2 a volume added is attached', next: group({ volumes: [vol('data'), vol('logs')] }), expected: [{ kind: 'volumeAdded', volume: 'logs' }] },
  { name: 'COMP-2 a volume removed is detached', next: group({ volumes: [] }), expected: [{ kind: 'volumeRemoved', volume: 'data' }] },
  {
    name: 'REST-3 a volume swapped for an external one is a swap, not a removal and an addition',
    next: group({ volumes: [vol('restored', { externalVolumeId: 'ext-1' })] }),
    expected: [{ kind: 'volumeSwapped' }],
  },
  {
    name: 'COMP-2 several kinds in one update',
    next: group({ image: 'img-2', interfaces: [nic(0, 'a')], volumes: [vol('data'), vol('logs')] }),
    expected: [{ kind: 'image' }, { kind: 'interfaceRemoved', nicid: 1 }, { kind: 'volumeAdded', volume: 'logs' }],
  },
];

for (const c of applied) test(c.name, () => assert.deepEqual(changesOf(spec(group()), spec(c.next)), c.expected));

const refused: { name: string; previous?: DeploymentSpec; next: DeploymentSpec; kind: ChangeKind; what: string }[] = [
  {
    name: 'COMP-2 the networks of two interfaces swapping nicids is refused (nicid order)',
    next: spec(group({ interfaces: [nic(0, 'b'), nic(1, 'a')] })),
    kind: 'nicidOrder',
    what: 'interface 0 of vm_group [g1] from network [a] to [b], interface 1 of vm_group [g1] from network [b] to [a]',
  },
  { name: "COMP-2 an interface's network changing is refused", next: spec(group({ interfaces: [nic(0, 'a'), nic(1, 'c')] })), kind: 'interfaceNetwork', what: 'interface 1 of vm_group [g1] from network [b] to [c]' },
  {
    name: 'COMP-2 an interface in the middle removed renumbers the next one onto another network: refused',
    previous: spec(group({ interfaces: [nic(0, 'a'), nic(1, 'b'), nic(2, 'c')] })),
    next: spec(group({ interfaces: [nic(0, 'a'), nic(1, 'c')] })),
    kind: 'interfaceNetwork',
    what: 'interface 1 of vm_group [g1] from network [b] to [c]',
  },
  { name: "COMP-2 an interface's other settings changing is refused", next: spec(group({ interfaces: [nic(0, 'a'), nic(1, 'b', { ipAddress: '10.0.0.9' })] })), kind: 'interfaceChanged', what: 'interface 1 of vm_group [g1]' },
  { name: "COMP-2 a volume's settings changing is refused", next: spec(group({ volumes: [vol('data', { size: 2 })] })), kind: 'volumeChanged', what: 'volume [data] of vm_group [g1]' },
  { name: 'COMP-2 a boot volume added is refused', next: spec(group({ volumes: [vol('data'), vol('root', { bootable: true })] })), kind: 'bootVolume', what: 'volume [root] of vm_group [g1]' },
  {
    name: 'COMP-2 a group renamed (removed and added alike but for the name) is refused',
    next: spec(group({}, 'g2')),
    kind: 'groupRenamed',
    what: 'vm_group [g1] renamed [g2]',
  },
];

for (const c of refused)
  test(`${c.name}, naming it`, () => {
    assert.throws(
      () => planUpdate(stored(c.previous ?? spec(group())), c.next, []),
      (err) => isDomainError(err, 'INVALID_INPUT') && err.requirement === 'COMP-2' && err.message === `service update refused: ${c.what}: ${updateRules[c.kind].does}`,
    );
  });

test('COMP-2 a group replaced by another that differs beyond its name is a removal and an addition', () => {
  const plan = planUpdate(stored(spec(group())), spec(group({ image: 'img-2' }, 'g2')), []);
  assert.deepEqual([plan.add.map((a) => a.group.name), plan.changedGroups], [['g2'], []]);
});

test('COMP-2 every refused kind has a case above, every case a rule', () => {
  const kinds = Object.entries(updateRules).filter(([, r]) => r.effect === 'refused').map(([k]) => k).sort();
  assert.deepEqual([...new Set(refused.map((c) => c.kind))].sort(), kinds);
});
