import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from './errors.ts';
import type { Snapshot } from './snapshot.ts';
import { bootVolumeSnapshot, volumeFromSnapshotSpec } from './volume-from-snapshot.ts';

test('a volume request defaults multiattach false and bootable true and ignores unknown attributes (REST-4)', () => {
  assert.deepEqual(volumeFromSnapshotSpec({ name: 'v', colour: 'blue' }), { name: 'v', multiattach: false, bootable: true });
  assert.deepEqual(volumeFromSnapshotSpec({ name: 'v', volume_type: 'LVM', multiattach: true, bootable: false }), {
    name: 'v', volumeType: 'LVM', multiattach: true, bootable: false,
  });
});

test('a bad volume request is refused naming the field (REST-4)', () => {
  const cases: [unknown, string][] = [
    [[], 'volume body must be a JSON object'],
    [{}, 'volume name is mandatory'],
    [{ name: 3 }, 'volume name must be a string'],
    [{ name: '' }, 'volume name is empty'],
    [{ name: 'x'.repeat(256) }, 'volume name has 256 characters (at most 255)'],
    [{ name: 'v', volume_type: 1 }, 'volume volume_type must be a non-empty string'],
    [{ name: 'v', multiattach: 'yes' }, 'volume multiattach must be true or false'],
    [{ name: 'v', bootable: null }, 'volume bootable must be true or false'],
  ];
  for (const [body, message] of cases) assert.throws(() => volumeFromSnapshotSpec(body), (e) => e instanceof DomainError && e.message === message);
  assert.equal(volumeFromSnapshotSpec({ name: 'x'.repeat(255) }).name.length, 255);
});

test("the boot volume's snapshot is the first recorded; others are refused (REST-4)", () => {
  const s = { id: 's1', status: 'available', volumeSnapshots: [{ id: 'vs0', volumeId: 'v0', name: 'a' }, { id: 'vs1', volumeId: 'v1', name: 'b' }] } as Snapshot;
  assert.equal(bootVolumeSnapshot(s, false).id, 'vs0');
  const refused = (o: Partial<Snapshot>, running: boolean, code: string) =>
    assert.throws(() => bootVolumeSnapshot({ ...s, ...o }, running), (e) => e instanceof DomainError && e.code === code);
  refused({ volumeSnapshots: [] }, false, 'INVALID_INPUT');
  refused({ status: 'error' }, false, 'INVALID_INPUT');
  refused({ status: 'creating' }, true, 'CONFLICT');
});
