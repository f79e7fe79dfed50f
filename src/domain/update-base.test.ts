import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spec } from '../store/contract/fixtures.ts';
import { specsOnUpdate, specsOnUpdated, updateBases } from './update-base.ts';

const s0 = spec('s0');
const s1 = spec('s1');
const s2 = spec('s2');

test('COMP-2 [I] an update is planned from the spec applied; once accepted, the applied one is kept until it succeeds', () => {
  const resting = { spec: s0 };
  assert.deepEqual(updateBases(resting), { applied: s0 });
  const updating = specsOnUpdate(resting, s1);
  assert.deepEqual(updating, { spec: s1, lastAppliedSpec: s0 });
  assert.deepEqual(specsOnUpdated(updating), { spec: s1, lastAppliedSpec: undefined });
});

test('COMP-2 [I] after a failed update the next is planned from the applied and the requested spec; the applied one stays the same', () => {
  const failed = { spec: s1, lastAppliedSpec: s0 };
  assert.deepEqual(updateBases(failed), { applied: s0, requested: s1 });
  assert.deepEqual(specsOnUpdate(failed, s2), { spec: s2, lastAppliedSpec: s0 });
});
