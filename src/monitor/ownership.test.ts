import assert from 'node:assert/strict';
import { test } from 'node:test';
import { watcherOf } from './ownership.ts';

// Fixed ids, uuid-shaped as the store makes them: the same figures every run.
const deployments = Array.from({ length: 3000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const instances = ['host-a/101/1f2e3d4c', 'host-a/102/9a8b7c6d', 'host-b/101/00112233'];

test('one watcher per deployment, among the live instances; none without instances', () => {
  for (const d of deployments.slice(0, 100)) assert.ok(instances.includes(watcherOf(d, instances)!));
  assert.equal(watcherOf('d', []), undefined);
  assert.equal(watcherOf('d', ['only']), 'only');
});

test('stable: the same answer whatever the order of the list', () => {
  const reversed = [...instances].reverse();
  for (const d of deployments) assert.equal(watcherOf(d, reversed), watcherOf(d, instances));
});

test('balanced: each of three instances watches about a third', () => {
  const counts = new Map<string, number>();
  for (const d of deployments) counts.set(watcherOf(d, instances)!, (counts.get(watcherOf(d, instances)!) ?? 0) + 1);
  // A third is 1000; ±15% is about 6 standard deviations of fair draws.
  for (const id of instances) assert.ok(Math.abs((counts.get(id) ?? 0) - 1000) < 150, JSON.stringify([...counts]));
});

test('an instance dies: only its deployments move, spread over the survivors', () => {
  const [dead, ...survivors] = instances;
  const moved = new Map<string, number>();
  for (const d of deployments) {
    const before = watcherOf(d, instances)!;
    const after = watcherOf(d, survivors)!;
    if (before !== dead) assert.equal(after, before, 'a survivor keeps what it watched');
    else moved.set(after, (moved.get(after) ?? 0) + 1);
  }
  for (const id of survivors) assert.ok((moved.get(id) ?? 0) > 0, 'each survivor takes a share');
});

test('an instance joins: it takes deployments from every other, the rest stay', () => {
  const joined = [...instances, 'host-c/7/deadbeef'];
  let taken = 0;
  for (const d of deployments) {
    const after = watcherOf(d, joined)!;
    if (after === 'host-c/7/deadbeef') taken++;
    else assert.equal(after, watcherOf(d, instances));
  }
  assert.ok(taken > 600 && taken < 900, String(taken));
});
