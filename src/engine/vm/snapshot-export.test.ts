/** SNAP-5: the export's progress is written every 4 MiB or each second, not per chunk. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportedMessage, progressDue } from './snapshot-export.ts';

const MiB = 1024 * 1024;
const last = { bytes: 10 * MiB, at: 50_000 };
const cases: [what: string, bytes: number, now: number, due: boolean][] = [
  ['one more chunk, soon after', 10 * MiB + 65_536, 50_100, false],
  ['just under 4 MiB more, under a second later', 14 * MiB - 1, 50_999, false],
  ['4 MiB more', 14 * MiB, 50_001, true],
  ['a second later', 10 * MiB + 1, 51_000, true],
];
for (const [what, bytes, now, due] of cases) test(`SNAP-5 progress ${what}: ${due ? 'written' : 'not written'}`, () => assert.equal(progressDue(last, bytes, now), due));

test('SNAP-5 the progress message', () => assert.equal(exportedMessage(5, 4096), 'Exported 5 of 4096 bytes.'));
