/**
 * A subscriber whose transport is full (its SSH channel's `write` says no more), through a real
 * NetconfSession: the subscription waits for the drain instead of piling notifications into the
 * channel, so its bound holds; past it the session is ended, and the bus and another subscriber go on.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { EngineApi } from '../../../engine/api.ts';
import { encodeFrame } from '../framing.ts';
import { NetconfSession } from '../session.ts';
import { SessionRegistry } from '../sessions.ts';
import { openStreamWorld, Recorder, settle, subscriptionRequest, type StreamWorld } from './testing/stream-world.ts';
import { openSubscription } from './subscription.ts';
import { documentCeiling } from '../../../xml/parse.ts';

let world: StreamWorld;
beforeEach(async () => (world = await openStreamWorld({ maxQueued: 3 })));
afterEach(() => world.dispose());

const hello = '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>';
const subscribe = '<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1"><create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"/></rpc>';

test('a session whose channel is full holds the notifications back; past the bound it is ended, others unaffected', async () => {
  const sessions = new SessionRegistry();
  const written: string[] = [];
  let full = false;
  let ended = 0;
  const session = new NetconfSession({
    id: sessions.newId(),
    parts: { engine: {} as EngineApi, sessions, data: {} as never, notifications: world.deps, yangFile: '' },
    maxMessageBytes: 1 << 20,
    documentLimits: () => documentCeiling,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    write: (bytes) => {
      written.push(bytes.toString());
      return !full;
    },
    drained: () => new Promise(() => {}),
    end: () => ended++,
  });
  sessions.add({ id: session.id, user: 'admin', startedAt: '', kill: () => session.closed() });
  session.start();
  session.receive(encodeFrame(hello, 'eom'));
  session.receive(encodeFrame(subscribe, 'eom'));
  await settle();
  assert.match(written.at(-1) ?? '', /<ok\/>/);
  const other = new Recorder();
  await openSubscription(world.deps, subscriptionRequest(), other.send);
  await settle();

  full = true;
  await world.publish('fills the channel');
  await settle();
  const sent = written.length;
  for (const name of ['q1', 'q2', 'q3']) await world.publish(name);
  await settle();
  assert.equal(written.length, sent, 'nothing more written while the channel is full');
  assert.ok(sessions.get(session.id), 'within the bound the session lives');
  await world.publish('one too many');
  await settle();
  assert.equal(sessions.get(session.id), undefined, 'past the bound the session is ended');
  assert.equal(written.length, sent);
  assert.deepEqual(other.got, ['fills the channel', 'q1', 'q2', 'q3', 'one too many']);
  assert.match(world.warnings[0]?.msg ?? '', /more than 3 notifications unsent/);
});
