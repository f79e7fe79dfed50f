import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, shouldGiveUp, type RetryPolicy } from './backoff.ts';

const policy: RetryPolicy = { initialBackoffMs: 500, maxBackoffMs: 60_000, giveUpAfterMs: 3_600_000 };

test('backoff doubles from the initial delay and stays within [base/2, base]', () => {
  const rows = [
    [1, 500],
    [2, 1_000],
    [3, 2_000],
    [8, 60_000],
    [40, 60_000],
  ] as const;
  for (const [attempts, base] of rows) {
    const delay = backoffDelay(policy, attempts, 'msg-1');
    assert.ok(delay >= base / 2 && delay <= base, `attempt ${attempts}: ${delay} not in [${base / 2}, ${base}]`);
  }
});

test('backoff jitter is deterministic per message and attempt, and spreads messages', () => {
  assert.equal(backoffDelay(policy, 3, 'msg-1'), backoffDelay(policy, 3, 'msg-1'));
  const delays = new Set(Array.from({ length: 20 }, (_, i) => backoffDelay(policy, 8, `msg-${i}`)));
  assert.ok(delays.size > 10, 'twenty messages should not all retry at the same instant');
});

test('a message is given up once giveUpAfterMs has passed since it was created', () => {
  const created = '2026-01-01T00:00:00.000Z';
  assert.equal(shouldGiveUp(policy, created, Date.parse(created) + 3_599_999), false);
  assert.equal(shouldGiveUp(policy, created, Date.parse(created) + 3_600_000), true);
});
