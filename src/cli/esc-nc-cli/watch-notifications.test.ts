/** `esc_nc_cli notif` against a scripted server: when a watch ends, and what it prints. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base11 } from '../netconf-client/session.ts';
import { notification, ns, opened, reply } from '../netconf-client/testing/scripted-peer.ts';
import { watchNotifications, type WatchOptions } from './watch-notifications.ts';

const escEvent = (type: string) => `<escEvent xmlns="http://www.cisco.com/esc/esc"><event><type>${type}</type></event></escEvent>`;
const marker = (name: string) => `<${name} xmlns="urn:ietf:params:xml:ns:netmod:notification"/>`;
const defaults: WatchOptions = { stream: 'escEvent' };

/** Starts a watch, answers its create-subscription with `answer`, then sends `then`. */
async function watch(o: Partial<WatchOptions>, answer: string, ...then: string[]) {
  const { session, peer } = await opened([base11]);
  let printed = '';
  const result = watchNotifications(session, { ...defaults, ...o }, (text) => (printed += text));
  const request = await peer.nth(1);
  peer.send(answer, ...then);
  return { request, result: await result, printed: () => printed, peer };
}

const types = (printed: string) => [...printed.matchAll(/<type>(\w+)<\/type>|<(replayComplete|notificationComplete)/g)].map((m) => m[1] ?? m[2]);

test('notif subscribes to the stream with the replay start (RFC 5277 §2.1.1)', async () => {
  const { request } = await watch({ startTime: '2026-11-30T10:00:00Z', count: 1 }, reply('1'), notification(escEvent('VM_DEPLOYED')));
  const sub = request.children[0]!;
  assert.equal(sub.name, 'create-subscription');
  assert.deepEqual(sub.children.map((c) => `${c.name}=${c.text}`), ['stream=escEvent', 'startTime=2026-11-30T10:00:00Z']);
});

test('--count N ends after N events; replayComplete is printed but not counted; nothing after the Nth is printed', async () => {
  const { result, printed } = await watch(
    { count: 2 },
    reply('1'),
    notification(escEvent('VM_DEPLOYED')),
    notification(marker('replayComplete')),
    notification(escEvent('VM_ALIVE')),
    notification(escEvent('SERVICE_ALIVE')),
  );
  assert.deepEqual(result, { ok: true });
  assert.deepEqual(types(printed()), ['VM_DEPLOYED', 'replayComplete', 'VM_ALIVE']);
  assert.doesNotMatch(printed(), /<\?xml/);
});

test('notificationComplete ends the watch (a stopTime reached)', async () => {
  const { result, printed } = await watch({}, reply('1'), notification(escEvent('VM_DEPLOYED')), notification(marker('notificationComplete')));
  assert.deepEqual(result, { ok: true });
  assert.deepEqual(types(printed()), ['VM_DEPLOYED', 'notificationComplete']);
});

test('--timeout alone is a normal end; with --count unmet it is a failure naming what arrived', async () => {
  assert.deepEqual((await watch({ timeoutSecs: 0.01 }, reply('1'))).result, { ok: true });
  const short = await watch({ timeoutSecs: 0.01, count: 2 }, reply('1'), notification(escEvent('VM_DEPLOYED')));
  assert.deepEqual(short.result, { ok: false, problem: '1 of 2 notifications arrived before the timeout' });
});

test('a stop (Ctrl-C) is a normal end', async () => {
  const stop = new AbortController();
  const { session, peer } = await opened([base11]);
  const result = watchNotifications(session, { ...defaults, signal: stop.signal }, () => undefined);
  await peer.nth(1);
  peer.send(reply('1'));
  setImmediate(() => stop.abort());
  assert.deepEqual(await result, { ok: true });
});

test("a refused subscription prints ESC's <error>, exit 1", async () => {
  const refusal = reply(
    '1',
    '<rpc-error><error-type>application</error-type><error-tag>invalid-value</error-tag><error-severity>error</error-severity><error-app-tag>400</error-app-tag><error-message>startTime is in the future</error-message></rpc-error>',
  );
  const { result, printed } = await watch({}, refusal);
  assert.deepEqual(result, { ok: false });
  assert.equal(printed(), `<?xml version="1.0" encoding="UTF-8"?>\n<error xmlns="${ns}">\n  <error_code>400</error_code>\n  <error_message>startTime is in the future</error_message>\n</error>\n`);
});

test('the server dropping the session fails the watch', async () => {
  const { session, peer } = await opened([base11]);
  const result = watchNotifications(session, defaults, () => undefined);
  await peer.nth(1);
  peer.send(reply('1'));
  setImmediate(() => peer.stream.end());
  assert.deepEqual(await result, { ok: false, problem: 'the session ended: the NETCONF session was closed by the server' });
});
