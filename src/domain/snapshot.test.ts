import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snapshotBusy, snapshotNameProblem, snapshotVmRef, volumeSnapshotName, type Snapshot } from './snapshot.ts';

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
