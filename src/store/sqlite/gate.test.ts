import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { Gate } from './gate.ts';

test('whenFree runs at once on a free gate', async () => {
  const gate = new Gate();
  const order: string[] = [];
  const done = gate.whenFree(() => order.push('op'));
  order.push('after call');
  await done;
  assert.deepEqual(order, ['op', 'after call']);
});

test('holders and waiters go in FIFO order; whenFree waits for the holder', async () => {
  const gate = new Gate();
  const order: string[] = [];
  await gate.acquire();
  const second = gate.acquire().then(() => order.push('second holder'));
  const op = gate.whenFree(() => order.push('op'));
  await tick();
  assert.deepEqual(order, []);
  gate.release();
  await second;
  await tick();
  assert.deepEqual(order, ['second holder']);
  gate.release();
  await op;
  assert.deepEqual(order, ['second holder', 'op']);
  const free = gate.whenFree(() => 'free again');
  assert.equal(await free, 'free again');
});
