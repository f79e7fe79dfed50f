import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../../test/golden.ts';
import { isDomainError } from '../domain/errors.ts';
import { snapshot } from '../store/contract/fixtures.ts';
import { parseSnapshotOperation, renderSnapshot, renderSnapshots } from './snapshots.ts';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const vs = (id: string) => ({ id, volumeId: `vol-${id}`, name: 'snapshot for nightly' });
const list = [
  snapshot('7813c20b-94b6-492b-ae74-0bd36c1168dc', { name: 'nightly', volumeSnapshots: [vs('c4548ba4-0480-4b42-8229-ad98de44b3ea')] }),
  snapshot('2ffadd36-3b41-4c13-a9d6-a48c07764d1a', { name: 'a & <b>', status: 'creating', statusMessage: 'Snapshot request for VM [dep-d1_g1_0_a] accepted.', creationEnd: undefined, volumeSnapshots: [] }),
  snapshot('5acac790-9213-45c0-8fde-9dd7d3111fdb', { name: 'two volumes', volumeSnapshots: [vs('v-root'), vs('v-data')] }),
];

for (const format of ['xml', 'json'] as const) {
  test(`SNAP-8 the snapshot list in ${format}: one element each, volume_snapshot_id absent when none, repeated when several`, () => {
    assertGolden(fixture(`snapshots.golden.${format}`), renderSnapshots(list, format));
  });
  test(`SNAP-8 an empty list in ${format}`, () => {
    assert.equal(renderSnapshots([], format), format === 'xml' ? '<?xml version="1.0" encoding="UTF-8"?>\n<snapshots/>\n' : '{\n  "snapshots": {\n    "snapshot": []\n  }\n}\n');
  });
}

test('SNAP-2 the completion callback carries one <snapshot>', () => {
  assertGolden(fixture('snapshot-callback.golden.xml'), renderSnapshot(list[0]!, 'xml'));
});

const bodies: { name: string; body: string; format: 'xml' | 'json'; want?: string; exported?: boolean; error?: RegExp }[] = [
  { name: 'flat JSON', body: '{"operation":"snapshot","name":"my-snapshot-name"}', format: 'json', want: 'my-snapshot-name' },
  { name: 'JSON mirror', body: '{"snapshot_operation":{"operation":"SNAPSHOT","name":"n1"}}', format: 'json', want: 'n1' },
  {
    name: 'XML',
    body: '<snapshot_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>snapshot</operation><name>n2</name></snapshot_operation>',
    format: 'xml',
    want: 'n2',
  },
  { name: 'a name of 256 characters passes to the engine, which states SNAP-4', body: JSON.stringify({ operation: 'snapshot', name: 'x'.repeat(256) }), format: 'json', want: 'x'.repeat(256) },
  { name: 'an empty body', body: ' ', format: 'json', error: /snapshot_operation body/ },
  { name: 'SNAP-5 export (JSON)', body: '{"operation":"export","name":"n3"}', format: 'json', want: 'n3', exported: true },
  {
    name: 'SNAP-5 export (XML)',
    body: '<snapshot_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>EXPORT</operation><name>n4</name></snapshot_operation>',
    format: 'xml',
    want: 'n4',
    exported: true,
  },
  { name: 'another operation', body: '{"operation":"backup","name":"n"}', format: 'json', error: /must be snapshot or export, got \[backup\]/ },
  { name: 'a wrong root', body: '<vm_operation><operation>snapshot</operation></vm_operation>', format: 'xml', error: /root must be snapshot_operation/ },
];
for (const b of bodies)
  test(`SNAP-2 snapshot body: ${b.name}`, () => {
    if (b.want !== undefined) assert.deepEqual(parseSnapshotOperation(b.body, b.format), { name: b.want, export: b.exported ?? false });
    else assert.throws(() => parseSnapshotOperation(b.body, b.format), (e) => isDomainError(e, 'INVALID_INPUT') && b.error!.test(e.message));
  });
