import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../time/fake-clock.ts';
import { allSettledOrThrow, createLimiter } from './limiter.ts';

for (const n of [1, 3, 10]) {
  test(`a limiter of ${n} never runs more than ${n} tasks at once, and starts them in order`, async () => {
    const clock = new FakeClock();
    const limit = createLimiter(n);
    let active = 0;
    let most = 0;
    const started: number[] = [];
    const durations = [30, 10, 50, 20, 40, 10, 30, 20];
    const results = durations.map((ms, i) =>
      limit(async () => {
        started.push(i);
        most = Math.max(most, ++active);
        await clock.sleep(ms);
        active--;
        return i;
      }),
    );
    await clock.advance(1_000);
    assert.deepEqual(await Promise.all(results), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(most, Math.min(n, durations.length));
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7]);
  });
}

test('a failed task frees its place for the next one', async () => {
  const limit = createLimiter(1);
  await assert.rejects(limit(() => Promise.reject(new Error('first'))), /first/);
  assert.equal(await limit(async () => 'second'), 'second');
});

test('a task that throws before it returns a promise is a rejection, and frees its place', async () => {
  const limit = createLimiter(1);
  await assert.rejects(limit(() => {
    throw new Error('at once');
  }), /at once/);
  assert.equal(await limit(async () => 'next'), 'next');
});

test('allSettledOrThrow waits for every task before it rethrows the first failure in task order', async () => {
  const clock = new FakeClock();
  let slowDone = false;
  const slow = clock.sleep(100).then(() => {
    slowDone = true;
    return 'slow';
  });
  const laterFailure = clock.sleep(50).then(() => Promise.reject(new Error('first in order')));
  const earlyFailure = Promise.reject(new Error('first in time'));
  const result = allSettledOrThrow([slow, laterFailure, earlyFailure]).then(() => 'resolved', (err: Error) => err.message);
  let settled = false;
  void result.then(() => (settled = true));
  await clock.advance(60);
  assert.equal(settled, false, 'still waiting for the slow task');
  await clock.advance(40);
  assert.equal(await result, 'first in order');
  assert.equal(slowDone, true);
});

test('allSettledOrThrow returns every value in task order when none fails', async () => {
  const clock = new FakeClock();
  const all = allSettledOrThrow([clock.sleep(20).then(() => 'a'), Promise.resolve('b')]);
  await clock.advance(20);
  assert.deepEqual(await all, ['a', 'b']);
});
