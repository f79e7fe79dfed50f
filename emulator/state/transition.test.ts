import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Cloud } from './cloud.ts';
import type { PendingTransition } from './model.ts';
import { guardedTransition } from './transition.ts';

interface Thing {
  status: string;
  log: string[];
}

/** A transition of `things` from `busy`, recording what ran; `settled` counts the settle calls. */
function setup(guardFail: boolean) {
  const things: Record<string, Thing> = {};
  let settled = 0;
  const handler = guardedTransition<Thing>({
    find: (_cloud, id) => things[id],
    describe: (r) => ({ resource: 'volume', status: r.status, name: 'thing' }),
    expected: (r) => r.status === 'busy',
    apply: (_cloud, r) => void r.log.push('apply'),
    fail: (_cloud, r) => void r.log.push('fail'),
    guardFail,
    settle: () => void settled++,
  });
  const cloud = {} as Cloud;
  const due = (resourceId: string): PendingTransition => ({ id: 't', kind: 'thing', resourceId, dueAt: 0, held: false, data: {} });
  return { things, handler, cloud, due, settled: () => settled };
}

test('IMPL-4 a guarded transition describes its resource to the fault rules, and nothing once it is gone', () => {
  const { things, handler, cloud } = setup(true);
  things.a = { status: 'busy', log: [] };
  assert.deepEqual(handler.describe(cloud, 'a'), { resource: 'volume', status: 'busy', name: 'thing' });
  assert.equal(handler.describe(cloud, 'gone'), undefined);
});

test('IMPL-4 a guarded transition applies only from the state that started it; settle runs either way', () => {
  const { things, handler, cloud, due, settled } = setup(true);
  things.a = { status: 'busy', log: [] };
  things.b = { status: 'overtaken', log: [] };
  handler.apply(cloud, due('a'));
  handler.apply(cloud, due('b'));
  handler.apply(cloud, due('gone'));
  assert.deepEqual(things.a.log, ['apply']);
  assert.deepEqual(things.b.log, []);
  assert.equal(settled(), 3);
});

test('IMPL-4 a `fail` fault: from the expected state only when guarded, from any state when not', () => {
  const guarded = setup(true);
  guarded.things.a = { status: 'busy', log: [] };
  guarded.things.b = { status: 'overtaken', log: [] };
  guarded.handler.fail(guarded.cloud, guarded.due('a'));
  guarded.handler.fail(guarded.cloud, guarded.due('b'));
  assert.deepEqual([guarded.things.a.log, guarded.things.b.log], [['fail'], []]);
  assert.equal(guarded.settled(), 2);

  const unguarded = setup(false);
  unguarded.things.b = { status: 'overtaken', log: [] };
  unguarded.handler.fail(unguarded.cloud, unguarded.due('b'));
  unguarded.handler.fail(unguarded.cloud, unguarded.due('gone'));
  assert.deepEqual(unguarded.things.b.log, ['fail']);
  assert.equal(unguarded.settled(), 2);
});
