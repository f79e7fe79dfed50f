import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snapshotBusy, snapshotNameProblem, snapshotsOfVolume, snapshotVmRef, volumeSnapshotName, volumesReleasedBy, type Snapshot } from './snapshot.ts';

const cases: { name: string; input: string; problem?: RegExp }[] = [
  { name: 'SNAP-4 one character is a name', input: 'a' },
  { name: 'SNAP-4 255 characters are a name', input: 'x'.repeat(255) },
  { name: 'SNAP-4 255 characters outside the BMP count as 255', input: '😀'.repeat(255) },
  { name: 'SNAP-4 an empty name is refused', input: '', problem: /^is empty$/ },
  { name: 'SNAP-4 256 characters are refused, the count named', input: 'x'.repeat(256), problem: /has 256 characters \(at most 255\)/ },
];
for (const c of cases)
  test(c.name, () => {
    const p = snapshotNameProblem(c.input);
    if (c.problem) assert.match(p ?? '', c.problem);
    else assert.equal(p, undefined);
  });

test('SNAP-12 Nova names each volume snapshot "snapshot for <name>"', () => {
  assert.equal(volumeSnapshotName('my-snapshot-name'), 'snapshot for my-snapshot-name');
});

test('SNAP-7 a snapshot names its VM from its own copies', () => {
  const s = {
    serverId: 'srv', vimVmName: 'vim-name', vmName: 'gen-name', vimConnector: 'default_openstack_vim',
    vimProject: 'p', vimProjectId: 'pid', hostId: 'h', hostname: 'host',
  } as Snapshot;
  assert.deepEqual(snapshotVmRef(s), {
    vmId: 'srv', vmName: 'vim-name', generatedName: 'gen-name', vimId: 'default_openstack_vim',
    vimProject: 'p', vimProjectId: 'pid', hostId: 'h', hostname: 'host', interfaces: [],
  });
});

test('a snapshot is busy while created, deleted or exported', () => {
  assert.deepEqual(
    (['creating', 'available', 'error', 'deleting', 'exporting'] as const).filter((status) => snapshotBusy({ status })),
    ['creating', 'deleting', 'exporting'],
  );
});

test('SNAP-9 the snapshots taken of a volume, and the held volumes a delete releases: those no other snapshot holds', () => {
  const snap = (id: string, volumes: string[], held: string[]) =>
    ({ id, volumeSnapshots: volumes.map((v) => ({ id: `vs-${v}`, volumeId: v, name: 'n' })), heldVolumeIds: held }) as unknown as Snapshot;
  const a = snap('a', ['v1', 'v2'], ['v1', 'v2']);
  const b = snap('b', ['v1'], ['v1']);
  assert.deepEqual(snapshotsOfVolume([a, b], 'v1').map((s) => s.id), ['a', 'b']);
  assert.deepEqual(snapshotsOfVolume([a, b], 'v3'), []);
  assert.deepEqual(volumesReleasedBy(a, [a, b]), ['v2']);
  assert.deepEqual(volumesReleasedBy(b, [b]), ['v1']);
  assert.deepEqual(volumesReleasedBy(snap('c', [], []), [a]), []);
});
