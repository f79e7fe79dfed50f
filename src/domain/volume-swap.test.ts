import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spec as fullSpec } from '../store/contract/fixtures.ts';
import type { DeploymentSpec, VolumeSpec } from './deployment-spec.ts';
import { volumeSwaps } from './volume-swap.ts';

const ext = 'a4e1b0c2-0000-4000-8000-000000000001';
const ext2 = 'a4e1b0c2-0000-4000-8000-000000000002';
const vol = (name: string, more: Partial<VolumeSpec> = {}): VolumeSpec => ({ name, sizeunit: 'GiB', bus: 'virtio', bootable: false, ...more });
const boot = (name: string, more: Partial<VolumeSpec> = {}) => vol(name, { bootable: true, bootIndex: 0, ...more });
const spec = (volumes: VolumeSpec[], group = 'g1'): DeploymentSpec => {
  const base = fullSpec('dep');
  return { ...base, vmGroups: [{ ...base.vmGroups[0]!, name: group, volumes }] };
};

const cases: { name: string; previous: VolumeSpec[]; next: VolumeSpec[]; expected: [string, string, boolean][] }[] = [
  { name: 'REST-2 a boot volume replaced by an external one at boot_index 0 is a boot swap', previous: [boot('root'), vol('data')], next: [boot('restored', { externalVolumeId: ext }), vol('data')], expected: [['root', 'restored', true]] },
  { name: 'REST-2 a bootable volume without boot_index sits at slot 0', previous: [boot('root', { bootIndex: undefined })], next: [boot('restored', { externalVolumeId: ext })], expected: [['root', 'restored', true]] },
  { name: 'REST-3 a data volume replaced by an external one is a swap in place', previous: [boot('root'), vol('data')], next: [boot('root'), vol('old-data', { externalVolumeId: ext })], expected: [['data', 'old-data', false]] },
  { name: 'REST-3 the same name given an external_volume_id is a swap', previous: [vol('data')], next: [vol('data', { externalVolumeId: ext })], expected: [['data', 'data', false]] },
  { name: 'an external volume added beside the old ones swaps nothing', previous: [boot('root')], next: [boot('root'), vol('more', { externalVolumeId: ext })], expected: [] },
  { name: 'a removed volume without an external one in its slot swaps nothing', previous: [boot('root'), vol('data')], next: [boot('root')], expected: [] },
  { name: 'slots must match: a data volume does not replace the boot volume', previous: [boot('root')], next: [vol('x', { externalVolumeId: ext, bootIndex: 1 })], expected: [] },
  { name: 'two volumes leaving one slot make no swap (ambiguous)', previous: [vol('a'), vol('b')], next: [vol('x', { externalVolumeId: ext })], expected: [] },
  { name: 'two external volumes arriving at one slot make no swap (ambiguous)', previous: [vol('a')], next: [vol('x', { externalVolumeId: ext }), vol('y', { externalVolumeId: ext2 })], expected: [] },
  { name: 'an unchanged external volume is no swap', previous: [vol('x', { externalVolumeId: ext })], next: [vol('x', { externalVolumeId: ext })], expected: [] },
];

for (const c of cases) {
  test(c.name, () => {
    const swaps = volumeSwaps(JSON.parse(JSON.stringify(spec(c.previous))), spec(c.next));
    assert.deepEqual(swaps.map((s) => [s.from, s.to, s.boot]), c.expected);
    for (const s of swaps) assert.equal(s.group, 'g1');
  });
}

test('a new group swaps nothing, whatever its volumes', () => {
  assert.deepEqual(volumeSwaps(spec([vol('a')], 'g0'), spec([vol('x', { externalVolumeId: ext })])), []);
});

test('the swap carries the external id', () => {
  assert.equal(volumeSwaps(spec([vol('a')]), spec([vol('x', { externalVolumeId: ext })]))[0]?.externalVolumeId, ext);
});
