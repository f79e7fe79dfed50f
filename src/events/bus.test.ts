import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { renderTenant } from '../datamodel/tenant.ts';
import type { Tenant } from '../domain/entities.ts';
import type { DomainEvent } from '../domain/event.ts';
import { FakeClock } from '../time/fake-clock.ts';
import { EventBus, type EventBusStore } from './bus.ts';
import { channelFilter, reachesChannel } from './channels.ts';
import { renderEventCallback } from './renderers/event-callback-json.ts';
import { serviceAliveFailure, vmAliveWithInterfaces, vmVolumeCreated } from './testing/sample-events.ts';
import { openTempStore, type TempStore } from './testing/temp-store.ts';

let temp: TempStore;
beforeEach(async () => (temp = await openTempStore()));
afterEach(() => temp.dispose());

const fresh = (event: DomainEvent, id: string): DomainEvent => {
  const { seq, ...rest } = event;
  return { ...rest, id };
};
const eventsUrl = 'http://127.0.0.1:9/events';

test('publish persists the event with a seq and enqueues nothing without an events URL', async () => {
  let enqueued = 0;
  const bus = new EventBus({ store: temp.store, clock: new FakeClock(), onEnqueued: () => enqueued++ });
  const stored = await bus.publish(fresh(vmAliveWithInterfaces, 'e1'), { format: 'json' });
  assert.equal(typeof stored.seq, 'number');
  assert.deepEqual((await temp.store.listEvents()).map((e) => [e.id, e.seq]), [['e1', stored.seq]]);
  assert.deepEqual(await temp.store.listOutbox(), []);
  assert.equal(enqueued, 0);
});

test('publish with an events URL stores the callback in the same step, with ESC-Event-Id (IMPL-4)', async () => {
  const clock = new FakeClock();
  let enqueued = 0;
  const bus = new EventBus({ store: temp.store, clock, onEnqueued: () => enqueued++ });
  const stored = await bus.publish(fresh(vmAliveWithInterfaces, 'e1'), { eventsUrl, format: 'xml' });
  const [message, ...rest] = await temp.store.listOutbox({ pending: true });
  assert.ok(message);
  assert.equal(rest.length, 0);
  assert.equal(message.url, eventsUrl);
  assert.equal(message.eventSeq, stored.seq);
  assert.equal(message.nextAttemptAt, clock.now());
  assert.deepEqual(message.headers, {
    'ESC-Event-Id': 'e1',
    'Content-Type': 'application/json',
    'ESC-Transaction-Id': vmAliveWithInterfaces.operationId,
  });
  assert.deepEqual(JSON.parse(message.body), renderEventCallback(stored));
  assert.equal(enqueued, 1);
});

test('re-publishing the same event id stores one event and one callback, heard once', async () => {
  const bus = new EventBus({ store: temp.store, clock: new FakeClock() });
  const heard: string[] = [];
  bus.subscribe((e) => heard.push(e.id));
  const first = await bus.publish(fresh(serviceAliveFailure, 'e1'), { eventsUrl, format: 'json' });
  const again = await bus.publish(fresh(serviceAliveFailure, 'e1'), { eventsUrl, format: 'json' });
  assert.equal(again.seq, first.seq);
  assert.equal((await temp.store.listEvents()).length, 1);
  assert.equal((await temp.store.listOutbox()).length, 1);
  assert.deepEqual(heard, ['e1']);
});

test('the bus stamps the time as it stores the event: later seq, time never earlier, even when the clock steps back', async () => {
  const clock = new FakeClock(Date.parse('2026-03-01T00:00:00.000Z'));
  const bus = new EventBus({ store: temp.store, clock });
  const a = await bus.publish(fresh(vmAliveWithInterfaces, 'a'));
  await clock.advance(5);
  const b = await bus.publish(fresh(vmAliveWithInterfaces, 'b'));
  const stepBack = new FakeClock(Date.parse('2026-02-28T23:59:59.000Z'));
  const c = await new EventBus({ store: temp.store, clock: stepBack }).publish(fresh(vmAliveWithInterfaces, 'c'));
  assert.deepEqual([a.time, b.time, c.time], ['2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.005Z', '2026-03-01T00:00:00.005Z']);
  assert.deepEqual((await temp.store.listEvents()).map((e) => e.time), [a.time, b.time, c.time]);
});

test('a re-publish after a restart answers the stored seq and time, and a new bus does not fan it out again', async () => {
  const clock = new FakeClock();
  const first = await new EventBus({ store: temp.store, clock }).publish(fresh(serviceAliveFailure, 'e1'));
  await clock.advance(60_000);
  const restarted = new EventBus({ store: temp.store, clock });
  const heard: string[] = [];
  restarted.subscribe((e) => heard.push(e.id));
  const again = await restarted.publish(fresh(serviceAliveFailure, 'e1'));
  assert.deepEqual([again.seq, again.time], [first.seq, first.time]);
  assert.deepEqual(heard, []);
});

test('the event and its callback commit together: a failed enqueue stores no event', async () => {
  const store = temp.store;
  const failingEnqueue: EventBusStore = {
    appendEvent: (e) => store.appendEvent(e),
    enqueueOutbox: (m) => store.enqueueOutbox(m),
    transaction: (fn) =>
      store.transaction((tx) =>
        fn({
          appendEvent: (e) => tx.appendEvent(e),
          enqueueOutbox: async () => {
            throw new Error('disk full');
          },
          transaction: () => Promise.reject(new Error('nested transaction')),
        }),
      ),
  };
  const bus = new EventBus({ store: failingEnqueue, clock: new FakeClock() });
  await assert.rejects(bus.publish(fresh(serviceAliveFailure, 'e1'), { eventsUrl, format: 'json' }), /disk full/);
  assert.deepEqual(await store.listEvents(), []);
});

test('subscribers hear stored events in seq order; a throwing subscriber breaks nothing', async () => {
  const errors: unknown[] = [];
  const bus = new EventBus({
    store: temp.store,
    clock: new FakeClock(),
    log: { error: (obj: unknown) => errors.push(obj) },
  });
  bus.subscribe(() => {
    throw new Error('subscriber bug');
  });
  bus.subscribe(async () => {
    throw new Error('async subscriber bug');
  });
  const heard: number[] = [];
  const unsubscribe = bus.subscribe((e) => heard.push(e.seq ?? -1));
  const published = await Promise.all(['a', 'b', 'c'].map((id) => bus.publish(fresh(vmAliveWithInterfaces, id))));
  assert.deepEqual(heard, published.map((e) => e.seq));
  assert.deepEqual([...heard].sort((x, y) => x - y), heard);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(errors.length, 6);
  unsubscribe();
  await bus.publish(fresh(vmAliveWithInterfaces, 'd'));
  assert.equal(heard.length, 3);
});

test('the completion callback carries the ESC status headers and the resource, and is enqueued once', async () => {
  const tenant: Tenant = { name: 't1', id: 'id-1', enabled: true, vimMapping: true, createdBy: 'api', createdAt: '2026-01-01T00:00:00.000Z' };
  const clock = new FakeClock();
  const bus = new EventBus({ store: temp.store, clock });
  const op = { id: 'op-1', tenant: 't1', notify: { completionUrl: 'http://127.0.0.1:9/done', format: 'xml' as const } };
  const outcome = { status: 'SUCCESS' as const, statusCode: 200, statusMessage: 'Service group deployment completed successfully\nline two', tenant };
  await bus.enqueueCompletion(op, outcome, temp.store);
  await bus.enqueueCompletion(op, outcome, temp.store);
  const messages = await temp.store.listOutbox();
  assert.equal(messages.length, 1);
  assert.equal(messages[0]?.id, 'op-1:completion');
  assert.equal(messages[0]?.orderKey, 'tenant:t1', 'a tenant operation orders its callbacks by tenant (issue 14)');
  assert.equal(messages[0]?.body, renderTenant(tenant, 'xml'));
  assert.deepEqual(messages[0]?.headers, {
    'ESC-Event-Id': 'op-1:completion',
    'ESC-Transaction-Id': 'op-1',
    'ESC-Status-Code': '200',
    'ESC-Status-Message': 'Service group deployment completed successfully line two',
    'Content-Type': 'application/xml',
  });
});

test('a REST-only event is stored, listed and sent to the events URL, but a netconf subscriber never hears it (REST-5)', async () => {
  const bus = new EventBus({ store: temp.store, clock: new FakeClock() });
  const netconf: string[] = [];
  const everyone: string[] = [];
  bus.subscribe((e) => netconf.push(e.id), { channel: 'netconf' });
  bus.subscribe((e) => everyone.push(e.id));
  await bus.publish(fresh(vmVolumeCreated, 'v1'), { eventsUrl, format: 'json' });
  await bus.publish(fresh(vmAliveWithInterfaces, 'a1'), { eventsUrl, format: 'json' });
  assert.deepEqual(netconf, ['a1']);
  assert.deepEqual(everyone, ['v1', 'a1']);
  const stored = await temp.store.listEvents();
  assert.deepEqual(stored.map((e) => [e.id, e.restOnly ?? false]), [['v1', true], ['a1', false]]);
  assert.deepEqual(stored.filter((e) => reachesChannel(e, 'netconf')).map((e) => e.id), ['a1'], 'a NETCONF replay skips it too');
  assert.deepEqual((await temp.store.listEvents(channelFilter('netconf'))).map((e) => e.id), ['a1'], 'the same rule in the store');
  assert.deepEqual((await temp.store.listEvents(channelFilter('rest'))).map((e) => e.id), ['v1', 'a1']);
  assert.equal((await temp.store.listOutbox()).length, 2);
});
