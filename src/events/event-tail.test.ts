import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../domain/event.ts';
import type { EventFilter } from '../store/store.ts';
import { FakeClock } from '../time/fake-clock.ts';
import { EventTail } from './event-tail.ts';
import { vmAliveWithInterfaces } from './testing/sample-events.ts';

const event = (seq: number): DomainEvent => ({ ...vmAliveWithInterfaces, id: `e${seq}`, seq });

/** A log of committed events the tail reads by seq; counts its reads. */
function log(...seqs: number[]) {
  const committed = seqs.map(event);
  const store = {
    reads: 0,
    failNext: false,
    committed,
    listEvents: async (filter: EventFilter = {}) => {
      store.reads++;
      if (store.failNext) {
        store.failNext = false;
        throw new Error('connection reset');
      }
      return committed.filter((e) => (e.seq ?? 0) > (filter.afterSeq ?? 0)).slice(0, filter.limit);
    },
  };
  return store;
}

function tailOf(store: ReturnType<typeof log>, cursor = 0) {
  const heard: number[] = [];
  const clock = new FakeClock();
  const tail = new EventTail({ store, cursor, clock, fanOut: (e) => heard.push(e.seq ?? -1), retryMs: 10 });
  return { tail, heard, clock };
}

test('issue 15: a local publish that is the next seq is fanned out at once, without a read', async () => {
  const store = log(1, 2);
  const { tail, heard } = tailOf(store);
  await tail.local(event(1));
  await tail.local(event(2));
  assert.deepEqual(heard, [1, 2]);
  assert.equal(store.reads, 0);
});

test('issue 15: a local publish after a gap reads the gap first: seq order, each once', async () => {
  const store = log(1, 2, 3, 4);
  const { tail, heard } = tailOf(store);
  await tail.local(event(3));
  assert.deepEqual(heard, [1, 2, 3, 4], 'what another manager committed before, in order, and whatever followed');
  await tail.local(event(4));
  assert.deepEqual(heard, [1, 2, 3, 4], 'read already: not again');
});

test('issue 15: a notification at or below the cursor reads nothing; above it, or after a reconnect, reads on', async () => {
  const store = log(1, 2);
  const { tail, heard } = tailOf(store, 1);
  tail.notified(1);
  assert.equal(store.reads, 0);
  tail.notified(2);
  await tail.catchUp();
  assert.deepEqual(heard, [2]);
  store.committed.push(event(3));
  tail.notified(undefined);
  await tail.catchUp();
  assert.deepEqual(heard, [2, 3]);
});

test('issue 15: notifications arriving while a read runs ask for one more read, not one each', async () => {
  const store = log(1);
  const { tail, heard } = tailOf(store);
  const first = tail.catchUp();
  for (const seq of [2, 3, 4]) {
    store.committed.push(event(seq));
    tail.notified(seq);
  }
  await first;
  assert.deepEqual(heard, [1, 2, 3, 4]);
  assert.ok(store.reads <= 3, `reads ${store.reads}`);
});

test('issue 15: a failed read is tried again after retryMs; nothing is skipped or repeated', async () => {
  const store = log(1, 2);
  const { tail, heard, clock } = tailOf(store);
  store.failNext = true;
  const reading = tail.catchUp();
  while (clock.pending === 0) await new Promise((r) => setImmediate(r));
  await clock.advance(10);
  await reading;
  assert.deepEqual(heard, [1, 2]);
});

test('issue 15: more than a page behind, the tail reads page after page', async () => {
  const store = log(...Array.from({ length: 1203 }, (_, i) => i + 1));
  const { tail, heard } = tailOf(store);
  await tail.catchUp();
  assert.equal(heard.length, 1203);
  assert.ok(heard.every((seq, i) => seq === i + 1));
  await tail.close();
});
