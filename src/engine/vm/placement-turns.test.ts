import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlacementSpec } from '../../domain/deployment-spec.ts';
import { placementTurns } from './placement-turns.ts';

const spec = (groups: Record<string, PlacementSpec[]>) =>
  ({ vmGroups: Object.entries(groups).map(([name, placement]) => ({ name, placement })), policies: { placement: [] } }) as never;

/** Starts two tasks through the turns of `a` and `b`; answers how many ran at the same time at most. */
async function mostAtOnce(turnOf: ReturnType<typeof placementTurns>, a: string, b: string): Promise<number> {
  let running = 0;
  let most = 0;
  const task = async () => {
    most = Math.max(most, ++running);
    await new Promise((r) => setImmediate(r));
    running--;
  };
  await Promise.all([turnOf(a)(task), turnOf(b)(task)]);
  return most;
}

test('COMP-1 servers of a strict anti-affinity or affinity group are created one at a time', async () => {
  const strict = placementTurns(spec({ g: [{ type: 'anti_affinity', enforcement: 'strict', hosts: [] }], h: [{ type: 'affinity', enforcement: 'strict', hosts: [] }] }));
  assert.equal(await mostAtOnce(strict, 'g', 'g'), 1);
  assert.equal(await mostAtOnce(strict, 'h', 'h'), 1);
  assert.equal(await mostAtOnce(strict, 'g', 'h'), 2, 'two server groups do not wait for each other');
});

test('COMP-1 loose placement and no placement hold nothing back', async () => {
  const turns = placementTurns(spec({ g: [{ type: 'anti_affinity', enforcement: 'loose', hosts: [] }], free: [] }));
  assert.equal(await mostAtOnce(turns, 'g', 'g'), 2);
  assert.equal(await mostAtOnce(turns, 'free', 'free'), 2);
});
