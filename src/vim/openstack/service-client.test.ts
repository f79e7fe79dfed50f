/**
 * The HTTP rules of the OpenStack driver against a scripted fake cloud (architecture principle 4,
 * IMPL-3): single-flight re-auth on 401, token refresh before expiry, Retry-After, retries on
 * GET only when in doubt, never a blind replay of a creating POST, timeouts, and OpenStack's own
 * error message in the VimError.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { VimDriver } from '../driver.ts';
import { VimError } from '../errors.ts';
import type { FakeCloud } from './testing/fake-cloud.ts';
import { createOpenStackDriver } from './openstack-driver.ts';
import { startFakeWorld, type FakeWorld } from './testing/replay.ts';

let world: FakeWorld;
let cloud: FakeCloud;
let clock: FakeWorld['clock'];
let driver: VimDriver;

const server = (id: string) => ({ server: { id, name: id, status: 'ACTIVE', metadata: {}, addresses: {} } });
const createReq = { name: 'vm', flavorId: '1', imageId: 'img', portIds: [], blockDevices: [], metadata: {}, tag: 'op1/s1' };

async function useWorld(requestTimeoutMs?: number): Promise<void> {
  world = await startFakeWorld({ requestTimeoutMs });
  ({ cloud, clock, driver } = world);
}

/** Swaps the world for one whose driver times out after `ms`. */
async function withTimeout(ms: number): Promise<void> {
  await world.stop();
  await useWorld(ms);
}

beforeEach(() => useWorld());
afterEach(() => world.stop());

test('IMPL-3 401 → one re-authentication shared by concurrent calls, then each call replays once', async () => {
  const byToken = (id: string) => (req: { headers: Record<string, unknown> }) =>
    req.headers['x-auth-token'] === 'tok-1' ? { status: 401, body: { error: { code: 401, message: 'expired' } } } : { status: 200, body: server(id) };
  cloud.expect('GET', '/compute/v2.1/servers/a', byToken('a'), byToken('a'));
  cloud.expect('GET', '/compute/v2.1/servers/b', byToken('b'), byToken('b'));
  cloud.expect('GET', '/compute/v2.1/servers/c', byToken('c'), byToken('c'));
  const got = await Promise.all(['a', 'b', 'c'].map((id) => driver.getServer({}, id)));
  assert.deepEqual(got.map((s) => s?.id), ['a', 'b', 'c']);
  assert.equal(cloud.authCount, 2, 'first auth plus exactly one shared re-auth');
  cloud.assertDone();
});

test('IMPL-3 a second 401 after the replay is final (no re-auth loop)', async () => {
  const unauthorized = { status: 401, body: { error: { code: 401, message: 'The request you have made requires authentication.' } } };
  cloud.expect('GET', '/compute/v2.1/servers/a', unauthorized, unauthorized);
  await assert.rejects(driver.getServer({}, 'a'), (err: VimError) => err.status === 401 && err.kind === 'final');
  assert.equal(cloud.authCount, 2);
  cloud.assertDone();
});

test('IMPL-3 the token is reused, and renewed 120 s before it expires', async () => {
  cloud.expect('GET', '/compute/v2.1/servers/a', { status: 200, body: server('a') }, { status: 200, body: server('a') }, { status: 200, body: server('a') });
  await driver.getServer({}, 'a');
  clock.advance(3_600_000 - 121_000);
  await driver.getServer({}, 'a');
  assert.equal(cloud.authCount, 1, 'still 121 s left: reused');
  clock.advance(2_000);
  await driver.getServer({}, 'a');
  assert.equal(cloud.authCount, 2, '119 s left: renewed');
  cloud.assertDone();
});

test('IMPL-3 429 waits as long as Retry-After says, then succeeds', async () => {
  cloud.expect('GET', '/compute/v2.1/servers/a', { status: 429, headers: { 'retry-after': '7' }, body: { overLimit: { code: 429, message: 'slow down' } } }, { status: 200, body: server('a') });
  assert.equal((await driver.getServer({}, 'a'))?.id, 'a');
  assert.deepEqual(clock.sleeps, [7000]);
  cloud.assertDone();
});

test('IMPL-3 503 on a GET is retried with backoff', async () => {
  const unavailable = { status: 503, body: { serviceUnavailable: { code: 503, message: 'busy' } } };
  cloud.expect('GET', '/compute/v2.1/servers/a', unavailable, unavailable, { status: 200, body: server('a') });
  assert.equal((await driver.getServer({}, 'a'))?.id, 'a');
  assert.deepEqual(clock.sleeps, [500, 1000]);
  cloud.assertDone();
});

test('IMPL-3 a GET that keeps failing gives up after the policy retries with the last error', async () => {
  const fault = { status: 500, body: { computeFault: { code: 500, message: 'boom' } } };
  cloud.expect('GET', '/compute/v2.1/servers/a', ...Array.from({ length: 6 }, () => fault));
  await assert.rejects(driver.getServer({}, 'a'), { name: 'VimError', kind: 'in-doubt', status: 500, message: 'OpenStack Nova: boom' });
  assert.equal(clock.sleeps.length, 5);
  cloud.assertDone();
});

test('IMPL-3 a creating POST is never replayed on 500: in-doubt, one request', async () => {
  cloud.expect('POST', '/compute/v2.1/servers', { status: 500, body: { computeFault: { code: 500, message: 'Unexpected API Error.' } } });
  await assert.rejects(driver.createServer({}, createReq), { kind: 'in-doubt', status: 500, message: 'OpenStack Nova: Unexpected API Error.' });
  assert.equal(cloud.calls('POST', '/compute/v2.1/servers').length, 1);
  assert.deepEqual(clock.sleeps, []);
  cloud.assertDone();
});

test('IMPL-3 a creating POST refused with 503 (not done) is retried', async () => {
  cloud.expect('POST', '/compute/v2.1/servers', { status: 503, body: { serviceUnavailable: { code: 503, message: 'busy' } } }, { status: 202, body: { server: { id: 's1' } } });
  const created = await driver.createServer({}, createReq);
  assert.equal(created.id, 's1');
  assert.equal(created.metadata.vnfm_tag, 'op1/s1');
  cloud.assertDone();
});

test('IMPL-3 a call that times out is in doubt; a creating POST is not replayed', async () => {
  await withTimeout(150);
  cloud.expect('POST', '/compute/v2.1/servers', { status: 0, hang: true });
  await assert.rejects(driver.createServer({}, createReq), (err: VimError) => err.kind === 'in-doubt' && /timed out after 150 ms/.test(err.message));
  assert.equal(cloud.calls('POST', '/compute/v2.1/servers').length, 1);
  cloud.assertDone();
});

test('IMPL-3 a timed-out GET is replayed', async () => {
  await withTimeout(150);
  cloud.expect('GET', '/compute/v2.1/servers/a', { status: 0, hang: true }, { status: 200, body: server('a') });
  assert.equal((await driver.getServer({}, 'a'))?.id, 'a');
  cloud.assertDone();
});

test('IMPL-3 a wrong-state action is final with Nova\'s own message', async () => {
  const message = "Cannot 'stop' instance a while it is in vm_state stopped";
  cloud.expect('POST', '/compute/v2.1/servers/a/action', { status: 409, body: { conflictingRequest: { code: 409, message } } });
  await assert.rejects(driver.stopServer({}, 'a'), { kind: 'final', status: 409, message: `OpenStack Nova: ${message}` });
  assert.deepEqual(JSON.parse(cloud.calls('POST', '/compute/v2.1/servers/a/action')[0]?.body ?? ''), { 'os-stop': null });
  cloud.assertDone();
});

test('IMPL-3 Neutron and Glance error bodies become clear messages', async () => {
  cloud.expect('POST', '/network/v2.0/ports', { status: 409, body: { NeutronError: { type: 'IpAddressAlreadyAllocated', message: 'IP address 192.0.2.9 already allocated in subnet s', detail: '' } } });
  await assert.rejects(driver.createPort({}, { name: 'p', networkId: 'n', tag: 't' }), { kind: 'final', message: 'OpenStack Neutron: IP address 192.0.2.9 already allocated in subnet s' });
  cloud.expect('DELETE', '/image/v2/images/i', { status: 403, headers: { 'content-type': 'text/html' }, body: '<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>You are not authorized to delete image i.</body></html>' });
  await assert.rejects(driver.deleteImage({}, 'i'), { message: 'OpenStack Glance: 403 Forbidden You are not authorized to delete image i.' });
  cloud.assertDone();
});

test('IMPL-3 404 from get* is undefined and a delete of a missing resource succeeds', async () => {
  cloud.expect('GET', '/compute/v2.1/servers/gone', { status: 404, body: { itemNotFound: { code: 404, message: 'Instance gone could not be found.' } } });
  cloud.expect('DELETE', '/volume/v3/p1/volumes/gone', { status: 404, body: { itemNotFound: { code: 404, message: 'Volume gone could not be found.' } } });
  assert.equal(await driver.getServer({}, 'gone'), undefined);
  await driver.deleteVolume({}, 'gone');
  cloud.assertDone();
});

test('IMPL-3 lists follow next links and filter by tag locally', async () => {
  const page1 = { servers: [{ ...server('a').server, metadata: { vnfm_tag: 't1' } }], servers_links: [{ rel: 'next', href: 'http://elsewhere/v2.1/servers/detail?limit=1&marker=a' }] };
  const page2 = { servers: [{ ...server('b').server, metadata: { vnfm_tag: 't2' } }] };
  cloud.expect('GET', '/compute/v2.1/servers/detail', { status: 200, body: page1 });
  cloud.expect('GET', '/compute/v2.1/servers/detail?limit=1&marker=a', { status: 200, body: page2 });
  assert.deepEqual((await driver.listServers({}, { tag: 't2' })).map((s) => s.id), ['b']);
  cloud.assertDone();
});

test('issue 14 listServerIds: the summary list filtered by the VIM, a page of 1000 asked for, every next link followed', async () => {
  const summary = (id: string) => ({ id, name: id, links: [] });
  const page1 = { servers: [summary('a'), summary('b')], servers_links: [{ rel: 'next', href: 'http://elsewhere/v2.1/servers?limit=1000&status=ACTIVE&marker=b' }] };
  cloud.expect('GET', '/compute/v2.1/servers?status=ACTIVE&limit=1000', { status: 200, body: page1 });
  cloud.expect('GET', '/compute/v2.1/servers?limit=1000&status=ACTIVE&marker=b', { status: 200, body: { servers: [summary('c')] } });
  assert.deepEqual(await driver.listServerIds({}, 'ACTIVE'), ['a', 'b', 'c']);
  cloud.assertDone();
});

test('IMPL-3 a refused connection is not done: retried with backoff, then given up', async () => {
  const closed = await startFakeWorld();
  const url = closed.cloud.url;
  await closed.stop();
  const vim = createOpenStackDriver(
    { id: 'down', authUrl: `${url}/identity/v3`, username: 'u', password: 'p', projectName: 'p', projectDomainName: 'Default', userDomainName: 'Default' },
    { clock },
  );
  await assert.rejects(vim.defaultProject(), (err: VimError) => err.kind === 'not-done' && /OpenStack Keystone: POST .* failed: ECONNREFUSED/.test(err.message));
  assert.deepEqual(clock.sleeps, [500, 1000, 2000, 4000, 8000]);
});
