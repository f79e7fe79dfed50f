import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressWindows } from './address-windows.ts';

test('issue 13: an address past its limit waits for the end of its minute; other addresses are counted apart', () => {
  const windows = new AddressWindows();
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i++) {
    assert.equal(windows.retryAfterSecs('10.0.0.1', 3, t0), undefined);
    windows.count('10.0.0.1', t0);
  }
  assert.equal(windows.retryAfterSecs('10.0.0.1', 3, t0), 60);
  assert.equal(windows.retryAfterSecs('10.0.0.2', 3, t0), undefined, 'another address');
  assert.equal(windows.retryAfterSecs('10.0.0.1', 0, t0), undefined, 'a limit of 0 is none');
  assert.equal(windows.retryAfterSecs('10.0.0.1', 3, t0 + 59_500), 1, 'never 0: Retry-After 0 would invite a busy loop');
  assert.equal(windows.retryAfterSecs('10.0.0.1', 3, t0 + 60_000), undefined, 'a new minute');
  windows.count('10.0.0.1', t0 + 60_000);
  assert.equal(windows.retryAfterSecs('10.0.0.1', 1, t0 + 60_000), 60, 'the new window counts from its first event');
});
