import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { DomainEvent } from '../domain/event.ts';
import type { Store } from '../store/store.ts';
import { FakeClock } from '../time/fake-clock.ts';
import { EventBus } from './bus.ts';
import { CallbackOutbox, type CallbackOutboxOptions } from './outbox.ts';
import { HttpReceiver, reservePort } from './testing/http-receiver.ts';
import { vmAliveWithInterfaces } from './testing/sample-events.ts';
import { openTempStore, type TempStore } from './testing/temp-store.ts';
import { message } from '../store/contract/fixtures.ts';

const policy = { initialBackoffMs: 1_000, maxBackoffMs: 8_000, giveUpAfterMs: 60_000, timeoutMs: 2_000 };
const drainMs = 5_000;

let temp: TempStore;
let clock: FakeClock;
let receivers: HttpReceiver[];
let outboxes: CallbackOutbox[];
let logged: { level: string; obj: unknown }[];

beforeEach(async () => {
  temp = await openTempStore();
  clock = new FakeClock();
  receivers = [];
  outboxes = [];
  logged = [];
});
afterEach(async () => {
  await Promise.all(outboxes.map((o) => o.stop()));
  await Promise.all(receivers.map((r) => r.close()));
  await temp.dispose();
});

async function receiver(port?: number): Promise<HttpReceiver> {
  const r = await HttpReceiver.start(port);
  receivers.push(r);
  return r;
}

function startOutbox(store: Store = temp.store, extra: Partial<CallbackOutboxOptions> = {}): CallbackOutbox {
  const log = (level: string) => (obj: unknown) => logged.push({ level, obj });
  const outbox = new CallbackOutbox({
    store,
    clock,
    ...policy,
    log: { info: log('info'), warn: log('warn'), error: log('error') },
    ...extra,
  });
  outboxes.push(outbox);
  outbox.start();
  return outbox;
}

function busFor(outbox?: CallbackOutbox, store: Store = temp.store): EventBus {
  return new EventBus({ store, clock, onEnqueued: () => outbox?.wake() });
}

const event = (id: string): DomainEvent => ({ ...vmAliveWithInterfaces, id, seq: undefined });

test('an events callback is POSTed once with its stable ESC-Event-Id and headers (IMPL-4)', async () => {
  const r = await receiver();
  const outbox = startOutbox();
  const stored = await busFor(outbox).publish(event('e1'), { eventsUrl: r.url(), format: 'json' });
  await outbox.drain(drainMs);
  assert.equal(r.requests.length, 1);
  const [req] = r.requests;
  assert.equal(req?.method, 'POST');
  assert.equal(req?.headers['esc-event-id'], 'e1');
  assert.equal(req?.headers['esc-transaction-id'], stored.operationId);
  assert.equal(req?.headers['content-type'], 'application/json');
  assert.equal(JSON.parse(req?.body ?? '').seq, stored.seq);
  const [message] = await temp.store.listOutbox();
  assert.equal(message?.attempts, 1);
  assert.equal(message?.deliveredAt, new Date(clock.now()).toISOString());
});

test('a 500 is retried after the backoff with the same ESC-Event-Id, then delivered', async () => {
  const r = await receiver();
  r.respondWith(500);
  const outbox = startOutbox();
  await busFor(outbox).publish(event('e1'), { eventsUrl: r.url(), format: 'json' });
  await outbox.drain(drainMs);
  const [failed] = await temp.store.listOutbox({ pending: true });
  assert.equal(failed?.attempts, 1);
  assert.equal(failed?.lastError, 'HTTP 500 Internal Server Error');
  assert.ok(failed.nextAttemptAt > clock.now() && failed.nextAttemptAt <= clock.now() + policy.initialBackoffMs);

  await clock.advance(failed.nextAttemptAt - clock.now() - 1);
  await outbox.drain(drainMs);
  assert.equal(r.requests.length, 1, 'not retried before its due time');
  await clock.advance(1);
  await outbox.drain(drainMs);
  assert.deepEqual(r.eventIds, ['/events e1', '/events e1']);
  assert.deepEqual(await temp.store.listOutbox({ pending: true }), []);
});

test('issue 14: a rescheduled attempt starts no scan: the loop only sleeps to the retry, made at its time', async () => {
  const r = await receiver();
  r.respondWith(...Array<number>(10).fill(500));
  let scans = 0;
  const counted = {
    scanOutbox: (afterSeq: number, limit: number) => (scans++, temp.store.scanOutbox(afterSeq, limit)),
    updateOutbox: temp.store.updateOutbox,
    claimOutbox: temp.store.claimOutbox,
  };
  // Ten deployments' callbacks backing off from a receiver that is down, due 100 ms apart.
  const start = clock.now();
  for (let i = 0; i < 10; i++) {
    await temp.store.enqueueOutbox(message(`m${i}`, { url: r.url(), orderKey: `deployment:d${i}`, attempts: 1, nextAttemptAt: start + (i + 1) * 100, createdAt: new Date(start).toISOString() }));
  }
  const outbox = new CallbackOutbox({ store: counted, clock, ...policy });
  outboxes.push(outbox);
  outbox.start();
  await eventually(async () => scans >= 1 || undefined);
  for (let i = 0; i < 10; i++) {
    await clock.advance(start + (i + 1) * 100 - clock.now());
    await eventually(async () => (await temp.store.listOutbox({ pending: true })).find((m) => m.id === `m${i}` && m.attempts === 2));
  }
  assert.equal(r.requests.length, 10, 'each retried once, at its time');
  assert.ok(scans <= 11, `ten retries that failed, ${scans} scans: one when each came due, none when it failed`);
});

/** Polls `probe` every 5 ms of real time until it answers something, for 5 s at most. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 5))) {
    const found = await probe();
    if (found !== undefined) return found;
  }
  throw new Error('not within 5 s');
}

test('a refused connection is retried until the receiver comes up', async () => {
  const port = await reservePort();
  const outbox = startOutbox();
  await busFor(outbox).publish(event('e1'), { eventsUrl: `http://127.0.0.1:${port}/events`, format: 'json' });
  await outbox.drain(drainMs);
  const [failed] = await temp.store.listOutbox({ pending: true });
  assert.equal(failed?.lastError, 'connection failed: ECONNREFUSED');

  const r = await receiver(port);
  await clock.advance(policy.initialBackoffMs);
  await outbox.drain(drainMs);
  assert.deepEqual(r.eventIds, ['/events e1']);
});

test('a receiver that does not answer in time counts as a failure', async () => {
  const r = await receiver();
  r.respondWith('hang');
  const outbox = startOutbox(temp.store, { timeoutMs: 100 });
  await busFor(outbox).publish(event('e1'), { eventsUrl: r.url(), format: 'json' });
  await outbox.drain(drainMs);
  const [failed] = await temp.store.listOutbox({ pending: true });
  assert.equal(failed?.lastError, 'no response within 100 ms');
});

test('per URL, order holds across retries; another URL is not held up', async () => {
  const slow = await receiver();
  const fast = await receiver();
  slow.respondWith(500, 503);
  const outbox = startOutbox();
  const bus = busFor(outbox);
  for (const id of ['e1', 'e2', 'e3']) await bus.publish(event(id), { eventsUrl: slow.url(), format: 'json' });
  await bus.publish(event('f1'), { eventsUrl: fast.url(), format: 'json' });
  await outbox.drain(drainMs);
  assert.deepEqual(slow.eventIds, ['/events e1'], 'e2 and e3 wait behind the failed e1');
  assert.deepEqual(fast.eventIds, ['/events f1']);

  await clock.advance(policy.initialBackoffMs);
  await outbox.drain(drainMs);
  await clock.advance(2 * policy.initialBackoffMs);
  await outbox.drain(drainMs);
  assert.deepEqual(slow.eventIds, ['/events e1', '/events e1', '/events e1', '/events e2', '/events e3']);
});

test('one URL: a deployment whose callback fails holds up only its own; each keeps its order (issue 14)', async () => {
  const r = await receiver();
  r.respondWith(500);
  const outbox = startOutbox();
  const bus = busFor(outbox);
  const of = (id: string, deploymentId: string): DomainEvent => ({ ...event(id), deploymentId });
  for (const [id, deployment] of [['a1', 'dep-a'], ['a2', 'dep-a'], ['b1', 'dep-b'], ['b2', 'dep-b']] as const)
    await bus.publish(of(id, deployment), { eventsUrl: r.url(), format: 'json' });
  await outbox.drain(drainMs);
  assert.deepEqual(r.eventIds, ['/events a1', '/events b1', '/events b2'], 'a2 waits behind the failed a1; dep-b is not held up');

  await clock.advance(policy.initialBackoffMs);
  await outbox.drain(drainMs);
  assert.deepEqual(r.eventIds.slice(3), ['/events a1', '/events a2']);
});

test('a message past its retry budget is abandoned, logged, and the next one proceeds', async () => {
  const r = await receiver();
  r.respondWith(500, 500, 500);
  const outbox = startOutbox(temp.store, { giveUpAfterMs: 1_500 });
  const bus = busFor(outbox);
  await bus.publish(event('e1'), { eventsUrl: r.url(), format: 'json' });
  await bus.publish(event('e2'), { eventsUrl: r.url(), format: 'json' });
  await outbox.drain(drainMs);
  await clock.advance(policy.initialBackoffMs);
  await outbox.drain(drainMs);
  assert.equal(r.requests.length, 2, 'still retrying e1 inside the budget');
  await clock.advance(policy.initialBackoffMs * 2);
  await outbox.drain(drainMs);
  // the third try is past the budget: its failure abandons e1 instead of scheduling a fourth
  assert.deepEqual(r.eventIds, ['/events e1', '/events e1', '/events e1', '/events e2']);
  const [abandoned, delivered] = await temp.store.listOutbox();
  assert.ok(abandoned?.abandonedAt);
  assert.equal(abandoned.deliveredAt, undefined);
  assert.ok(delivered?.deliveredAt);
  assert.equal(logged.filter((l) => l.level === 'error').length, 1);
});

test('after a restart a new outbox on the same database delivers what was pending, in order', async () => {
  const port = await reservePort();
  const eventsUrl = `http://127.0.0.1:${port}/events`;
  const first = startOutbox();
  const bus = busFor(first);
  await bus.publish(event('e1'), { eventsUrl, format: 'json' });
  await bus.publish(event('e2'), { eventsUrl, format: 'json' });
  await first.drain(drainMs);
  await first.stop();
  assert.equal((await temp.store.listOutbox({ pending: true })).length, 2);

  const store = await temp.reopen();
  const r = await receiver(port);
  const second = startOutbox(store);
  await clock.advance(policy.initialBackoffMs);
  await second.drain(drainMs);
  assert.deepEqual(r.eventIds, ['/events e1', '/events e2']);
  assert.deepEqual(await store.listOutbox({ pending: true }), []);
});
