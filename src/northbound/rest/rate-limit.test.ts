import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../time/fake-clock.ts';
import { AddressWindows } from './rate-limit.ts';

test('issue 13: an address past its limit waits for the end of its minute; other addresses are counted apart', async () => {
  const clock = new FakeClock(1_000_000);
  const windows = new AddressWindows(clock);
  for (let i = 0; i < 3; i++) {
    assert.equal(windows.retryAfterSecs('10.0.0.1', 3), undefined);
    windows.count('10.0.0.1');
  }
  assert.equal(windows.retryAfterSecs('10.0.0.1', 3), 60);
  assert.equal(windows.retryAfterSecs('10.0.0.2', 3), undefined, 'another address');
  assert.equal(windows.retryAfterSecs('10.0.0.1', 0), undefined, 'a limit of 0 is none');
  await clock.advance(59_500);
  assert.equal(windows.retryAfterSecs('10.0.0.1', 3), 1, 'never 0: Retry-After 0 would invite a busy loop');
  await clock.advance(500);
  assert.equal(windows.retryAfterSecs('10.0.0.1', 3), undefined, 'a new minute');
  windows.count('10.0.0.1');
  assert.equal(windows.retryAfterSecs('10.0.0.1', 1), 60, 'the new window counts from its first event');
});
