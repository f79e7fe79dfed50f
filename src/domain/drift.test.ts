import assert from 'node:assert/strict';
import { test } from 'node:test';
import { driftOf, type Drift } from './drift.ts';

const cases: [string | undefined, Drift | undefined][] = [
  ['ACTIVE', undefined],
  ['active', undefined],
  [undefined, 'GONE'],
  ['DELETED', 'GONE'],
  ['SOFT_DELETED', 'GONE'],
  ['SHUTOFF', 'SHUTOFF'],
  ['ERROR', 'ERROR'],
  ['PAUSED', 'OTHER'],
  ['HARD_REBOOT', 'OTHER'],
];
for (const [status, drift] of cases)
  test(`issue 12 item 9: a watched server ${status ?? 'missing from the list'} → ${drift ?? 'no drift'}`, () =>
    assert.equal(driftOf(status === undefined ? undefined : { status }), drift));
