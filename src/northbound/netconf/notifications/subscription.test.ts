/**
 * create-subscription over a real SQLite store, a real EventBus and the fake clock (issue 11 item
 * 6, RFC 5277): replay from startTime with its boundary millisecond, replayComplete, no gap and no
 * duplicate while events arrive during the replay, stopTime, REST-only events left out (REST-5),
 * bad requests, a slow subscriber, retention.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { Config } from '../../../config/config.ts';
import { isDomainError } from '../../../domain/errors.ts';
import { EventRetention } from '../../../events/retention.ts';
import { openSubscription } from './subscription.ts';
import { streamsSubtree } from './streams.ts';
import { openStreamWorld, Recorder, settle, subscriptionRequest, t0, type StreamWorld } from './testing/stream-world.ts';

let world: StreamWorld;
beforeEach(async () => (world = await openStreamWorld()));
afterEach(() => world.dispose());

const iso = (ms: number) => new Date(ms).toISOString();
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test('without startTime: live events only, in order, no replayComplete; REST-only events left out (REST-5)', async () => {
  await world.publish('before');
  const r = new Recorder();
  const sub = await openSubscription(world.deps, subscriptionRequest({ stream: 'escEvent' }), r.send);
  await world.publish('a');
  await world.publish('volume', { restOnly: true });
  await world.publish('b');
  await r.until(2);
  await settle();
  assert.deepEqual(r.got, ['a', 'b']);
  sub.close();
  await world.publish('after close');
  await settle();
  assert.deepEqual(r.got, ['a', 'b']);
});

test('replay sends every event with eventTime ≥ startTime, the boundary millisecond included, oldest first, then replayComplete, then live', async () => {
  await world.publish('too early');
  await world.clock.advance(1);
  await world.publish('boundary 1');
  await world.publish('boundary 2');
  await world.publish('volume', { restOnly: true });
  await world.clock.advance(1);
  await world.publish('later');
  const r = new Recorder();
  await openSubscription(world.deps, subscriptionRequest({ startTime: iso(t0 + 1) }), r.send);
  await r.until(4);
  await world.publish('live');
  await r.until(5);
  assert.deepEqual(r.got, ['boundary 1', 'boundary 2', 'later', 'replayComplete', 'live']);
});

test('startTime in another offset and below the millisecond names the same instant', async () => {
  await world.publish('at t0');
  const r = new Recorder();
  await openSubscription(world.deps, subscriptionRequest({ startTime: '2026-06-01T14:00:00.000999+02:00' }), r.send);
  await r.until(2);
  assert.deepEqual(r.got, ['at t0', 'replayComplete']);
});

test('the notification is the escEvent document without the XML declaration; replayComplete in the netmod namespace', async () => {
  await world.publish('one');
  const r = new Recorder();
  await openSubscription(world.deps, subscriptionRequest({ startTime: iso(t0) }), r.send);
  await r.until(2);
  assert.match(r.documents[0] ?? '', /^<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1\.0">\n {2}<eventTime>2026-06-01T12:00:00\.000\+00:00<\/eventTime>\n {2}<escEvent xmlns="http:\/\/www\.cisco\.com\/esc\/esc">/);
  assert.equal(
    r.documents[1],
    '<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0">\n' +
      '  <eventTime>2026-06-01T12:00:00.000+00:00</eventTime>\n' +
      '  <replayComplete xmlns="urn:ietf:params:xml:ns:netmod:notification"/>\n' +
      '</notification>\n',
  );
});

test('no gap, no duplicate: events stored while the replay pages through 1,100 events and while it sends', async () => {
  await world.seed(names('old', 1100));
  const r = new Recorder();
  let reads = 0;
  const deps = {
    ...world.deps,
    listEvents: async (filter: Parameters<typeof world.deps.listEvents>[0]) => {
      const page = await world.deps.listEvents(filter);
      if (reads++ === 0) for (const name of names('during read', 3)) await world.publish(name);
      return page;
    },
  };
  const send = (xml: string) => {
    r.send(xml);
    if (r.got.length === 600) return world.publish('during send');
    return undefined;
  };
  await openSubscription(deps, subscriptionRequest({ startTime: iso(t0) }), send);
  await r.until(1105);
  await world.publish('live');
  await r.until(1106);
  await settle();
  assert.deepEqual(r.got, [...names('old', 1100), ...names('during read', 3), 'during send', 'replayComplete', 'live']);
});

test('a queue overflow during the replay loses nothing: the replay reads the store again', async () => {
  await world.dispose();
  world = await openStreamWorld({ maxQueued: 2 });
  await world.publish('old');
  const r = new Recorder();
  let release: () => void = () => {};
  const blocked = new Promise<void>((resolve) => (release = resolve));
  const send = (xml: string) => {
    r.send(xml);
    return r.got.length === 1 ? blocked : undefined;
  };
  await openSubscription(world.deps, subscriptionRequest({ startTime: iso(t0) }), send);
  await r.until(1);
  for (const name of names('meanwhile', 5)) await world.publish(name);
  release();
  await r.until(7);
  await world.publish('live');
  await r.until(8);
  assert.deepEqual(r.got, ['old', ...names('meanwhile', 5), 'replayComplete', 'live']);
  assert.deepEqual(world.warnings, []);
});

test('stopTime in the past: the window replayed, replayComplete, notificationComplete, and the subscription ends', async () => {
  await world.publish('in');
  await world.clock.advance(10);
  await world.publish('stop millisecond');
  await world.clock.advance(1);
  await world.publish('after stop');
  const r = new Recorder();
  await openSubscription(world.deps, subscriptionRequest({ startTime: iso(t0), stopTime: iso(t0 + 10) }), r.send, r.onEnd);
  await r.until(4);
  await world.publish('live');
  await settle();
  assert.deepEqual(r.got, ['in', 'stop millisecond', 'replayComplete', 'notificationComplete']);
  assert.deepEqual(r.ends, ['complete']);
});

test('stopTime in the future: live events until the clock reaches it, then notificationComplete', async () => {
  await world.publish('old');
  const r = new Recorder();
  await openSubscription(world.deps, subscriptionRequest({ startTime: iso(t0), stopTime: iso(t0 + 60_000) }), r.send, r.onEnd);
  await r.until(2);
  await world.clock.advance(30_000);
  await world.publish('live');
  await r.until(3);
  await world.clock.advance(29_999);
  await settle();
  assert.deepEqual(r.ends, []);
  await world.clock.advance(1);
  await r.until(4);
  await world.publish('too late');
  await settle();
  assert.deepEqual(r.got, ['old', 'replayComplete', 'live', 'notificationComplete']);
  assert.deepEqual(r.ends, ['complete']);
});

const refusals: [what: string, fields: Record<string, string>, message: RegExp, more?: string][] = [
  ['an unknown stream', { stream: 'SNMP' }, /stream \[SNMP\] does not exist \(streams: NETCONF, escEvent\)/],
  ['stopTime without startTime', { stopTime: iso(t0) }, /stopTime needs a startTime/],
  ['startTime in the future', { startTime: iso(t0 + 1) }, /startTime \[2026-06-01T12:00:00\.001Z\] is in the future/],
  ['stopTime before startTime', { startTime: iso(t0), stopTime: iso(t0 - 1) }, /stopTime \[2026-06-01T11:59:59\.999Z\] is earlier than startTime/],
  ['a startTime that is no date-and-time', { startTime: 'yesterday' }, /startTime \[yesterday\] is not a date-and-time/],
  ['a date without its time zone', { startTime: '2026-06-01T12:00:00' }, /is not a date-and-time/],
  ['an unknown element', { colour: 'red' }, /<colour> is not supported/],
  ['an XPath filter', {}, /a filter of type \[xpath\] is not supported/, '<filter type="xpath" select="/escEvent"/>'],
];
for (const [what, fields, message, more] of refusals) {
  test(`create-subscription with ${what} is refused with a catalogue error and subscribes nothing`, async () => {
    const r = new Recorder();
    await assert.rejects(openSubscription(world.deps, subscriptionRequest(fields, more), r.send), (e) => isDomainError(e, 'INVALID_INPUT') && message.test(e.message));
    await world.publish('live');
    await settle();
    assert.deepEqual(r.got, []);
  });
}

test('a subtree filter passes the notifications it selects something of, whole, in the replay and live', async () => {
  await world.publish('a');
  await world.publish('b');
  const r = new Recorder();
  const filter = '<filter type="subtree"><escEvent xmlns="http://www.cisco.com/esc/esc"><status_message>b</status_message></escEvent></filter>';
  await openSubscription(world.deps, subscriptionRequest({ startTime: iso(t0) }, filter), r.send);
  await r.until(2);
  await world.publish('a', { id: 'evt-a-live' });
  await world.publish('b', { id: 'evt-b-live' });
  await r.until(3);
  assert.deepEqual(r.got, ['b', 'replayComplete', 'b']);
  assert.match(r.documents[0] ?? '', /<depname>dep-b<\/depname>/, 'sent whole');
});

test('a slow subscriber holds up neither the bus nor another subscriber; past its bound it is ended, logged with the bound', async () => {
  await world.dispose();
  world = await openStreamWorld({ maxQueued: 3 });
  const stuck = new Recorder();
  const fast = new Recorder();
  await openSubscription(world.deps, subscriptionRequest(), (xml) => {
    stuck.send(xml);
    return new Promise<void>(() => {});
  }, stuck.onEnd);
  await openSubscription(world.deps, subscriptionRequest(), fast.send);
  await settle(); // both sending: the first notification goes after the tick that opened them
  for (const name of names('e', 6)) await world.publish(name);
  await fast.until(6);
  assert.deepEqual(fast.got, names('e', 6));
  assert.deepEqual(stuck.got, ['e0']);
  assert.deepEqual(stuck.ends, ['too-slow']);
  assert.equal(world.warnings.length, 1);
  assert.match(world.warnings[0]?.msg ?? '', /more than 3 notifications unsent/);
});

test('a send that throws ends the subscription as failed, logged', async () => {
  const r = new Recorder();
  await openSubscription(world.deps, subscriptionRequest(), () => {
    throw new Error('channel closed');
  }, r.onEnd);
  await world.publish('a');
  await settle();
  assert.deepEqual(r.ends, ['failed']);
  assert.equal(world.warnings.length, 1);
});

test('streams: NETCONF and escEvent, replay supported, the log created at its oldest kept event (events.retention.days)', async () => {
  assert.match(await streamsSubtree(world.deps), /<replayLogCreationTime>2026-06-01T12:00:00\.000\+00:00<\/replayLogCreationTime>/, 'an empty log: now');
  await world.publish('volume', { restOnly: true });
  await world.clock.advance(1000);
  await world.publish('old');
  await world.clock.advance(3 * 86_400_000);
  await world.publish('recent');
  assert.equal(
    await streamsSubtree(world.deps),
    [
      '<netconf xmlns="urn:ietf:params:xml:ns:netmod:notification">',
      '  <streams>',
      '    <stream>',
      '      <name>NETCONF</name>',
      '      <description>default NETCONF event stream: the escEvent notifications</description>',
      '      <replaySupport>true</replaySupport>',
      '      <replayLogCreationTime>2026-06-01T12:00:01.000+00:00</replayLogCreationTime>',
      '    </stream>',
      '    <stream>',
      '      <name>escEvent</name>',
      '      <description>ESC events (escEvent notifications)</description>',
      '      <replaySupport>true</replaySupport>',
      '      <replayLogCreationTime>2026-06-01T12:00:01.000+00:00</replayLogCreationTime>',
      '    </stream>',
      '  </streams>',
      '</netconf>',
      '',
    ].join('\n'),
  );
  const config = new Config({}, { 'events.retention.days': '2' });
  await new EventRetention({ store: world.temp.store, clock: world.clock, config, log: { info: () => {}, error: () => {} } }).prune();
  assert.match(await streamsSubtree(world.deps), /<replayLogCreationTime>2026-06-04T12:00:01\.000\+00:00<\/replayLogCreationTime>/);
  const r = new Recorder();
  await openSubscription(world.deps, subscriptionRequest({ startTime: iso(t0) }), r.send);
  await r.until(2);
  assert.deepEqual(r.got, ['recent', 'replayComplete'], 'a replay from before the log starts gets what is kept');
});
