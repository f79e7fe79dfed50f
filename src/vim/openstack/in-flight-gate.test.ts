import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InFlightGate } from './in-flight-gate.ts';

/** A task that stays in flight until released by hand. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { release, task: () => done };
}

test('issue 14: the gate lets at most its bound in flight and starts the rest in arrival order', async () => {
  const gate = new InFlightGate(() => 2);
  const tasks = [held(), held(), held(), held()];
  const started: number[] = [];
  const runs = tasks.map((t, i) => gate.run(() => (started.push(i), t.task())));
  await Promise.resolve();
  assert.deepEqual(started, [0, 1]);
  assert.equal(gate.inFlight, 2);
  tasks[1]!.release();
  await runs[1];
  await Promise.resolve();
  assert.deepEqual(started, [0, 1, 2]);
  for (const t of tasks) t.release();
  await Promise.all(runs);
  assert.deepEqual(started, [0, 1, 2, 3]);
  assert.equal(gate.most, 2);
  assert.equal(gate.inFlight, 0);
});

test('issue 14: a failed request frees its place, and a bound changed at run time applies as places free up', async () => {
  let bound = 1;
  const gate = new InFlightGate(() => bound);
  await assert.rejects(gate.run(() => Promise.reject(new Error('refused'))), /refused/);
  const first = held();
  const waiting = [held(), held(), held()];
  const started: number[] = [];
  const runs = [gate.run(first.task), ...waiting.map((t, i) => gate.run(() => (started.push(i), t.task())))];
  await Promise.resolve();
  assert.deepEqual(started, [], 'bound 1: the others wait');
  bound = 3;
  first.release();
  await runs[0];
  await Promise.resolve();
  assert.deepEqual(started, [0, 1, 2], 'the raised bound starts three at once');
  for (const t of waiting) t.release();
  await Promise.all(runs);
  assert.equal(gate.most, 3);
});
