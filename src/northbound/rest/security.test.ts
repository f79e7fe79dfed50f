/**
 * Issue 13 items 4 and 7 at the REST edge (inject, with the client address set): failed logins and
 * changing requests limited per address (429, `Retry-After`, our error body), `/metrics` behind
 * authentication off this machine, and a control character in a path refused without echoing it.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { api, errorMessageOf, startHarness, type Harness } from './testing/harness.ts';

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
const auth = { 'rest.auth.enabled': 'true', 'rest.auth.username': 'orch', 'rest.auth.password': 's3cret' };
const remote = '10.1.2.3';

let h: Harness | undefined;

/** The seconds of a `Retry-After` header: the rest of the address's minute (the clock runs on between the requests). */
function retryAfterOf(header: unknown): number {
  const secs = Number(header);
  assert.ok(Number.isInteger(secs) && secs >= 1 && secs <= 60, `Retry-After ${String(header)}`);
  return secs;
}
afterEach(() => h?.app.close());

test('issue 13 item 4: past rest.auth.failures.per.minute failed logins an address gets 429 with Retry-After, even with the right password; others do not', async () => {
  h = await startHarness({ ...auth, 'rest.auth.failures.per.minute': '3' });
  const get = (authorization: string | undefined, remoteAddress = remote) =>
    h!.app.inject({ method: 'GET', url: api('/tenants'), remoteAddress, headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) } });
  assert.equal((await get(undefined)).statusCode, 401, 'no credentials: the client asks for the scheme, no failure counted');
  for (let i = 0; i < 3; i++) assert.equal((await get(basic('orch:guess'))).statusCode, 401);
  const locked = await get(basic('orch:s3cret'));
  assert.equal(locked.statusCode, 429);
  const wait = retryAfterOf(locked.headers['retry-after']);
  assert.equal(errorMessageOf(locked.body), `too many failed logins from this address; try again in ${wait} s (rest.auth.failures.per.minute)`);
  assert.equal((await get(basic('orch:s3cret'), '10.9.9.9')).statusCode, 200, 'another address');
});

test('issue 13 item 7: rest.ratelimit.mutating.per.minute changing requests per address; reads and loopback are not counted unless rest.ratelimit.loopback', async () => {
  h = await startHarness({ 'rest.ratelimit.mutating.per.minute': '2' });
  const del = (remoteAddress: string) => h!.app.inject({ method: 'DELETE', url: api('/tenants/t'), remoteAddress, headers: { accept: 'application/json' } });
  for (let i = 0; i < 2; i++) assert.notEqual((await del(remote)).statusCode, 429);
  assert.equal((await h.app.inject({ method: 'GET', url: api('/tenants'), remoteAddress: remote })).statusCode, 200, 'a read is not limited');
  const limited = await del(remote);
  assert.equal(limited.statusCode, 429);
  const wait = retryAfterOf(limited.headers['retry-after']);
  assert.equal(errorMessageOf(limited.body), `more than 2 changing requests a minute from this address; try again in ${wait} s (rest.ratelimit.mutating.per.minute)`);
  for (let i = 0; i < 3; i++) assert.notEqual((await del('127.0.0.1')).statusCode, 429, 'loopback is exempt');
  h.config.set('rest.ratelimit.loopback', 'true');
  for (let i = 0; i < 2; i++) await del('::1');
  assert.equal((await del('::1')).statusCode, 429, 'with rest.ratelimit.loopback, loopback is counted too');
});

test('issue 13 item 4: with REST auth on, /metrics needs it from off this machine, not from loopback nor with metrics.auth=false', async () => {
  h = await startHarness(auth);
  const metrics = (remoteAddress: string, authorization?: string) =>
    h!.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers: authorization ? { authorization } : {} });
  assert.equal((await metrics('127.0.0.1')).statusCode, 200);
  assert.equal((await metrics('::ffff:127.0.0.1')).statusCode, 200);
  assert.equal((await metrics(remote)).statusCode, 401);
  assert.equal((await metrics(remote, basic('orch:s3cret'))).statusCode, 200);
  h.config.set('metrics.auth', 'false');
  assert.equal((await metrics(remote)).statusCode, 200);
  h.config.set('rest.auth.enabled', 'false');
  h.config.set('metrics.auth', 'true');
  assert.equal((await metrics(remote)).statusCode, 200, 'auth off: open, as the rest of the API');
});

test('issue 13: a control character in a path parameter is refused with 400 naming its code point, never echoed (JSON and XML)', async () => {
  h = await startHarness();
  const { app } = h;
  for (const accept of ['application/json', 'application/xml']) {
    const res = await app.inject({ method: 'GET', url: api('/deployments/a%00b'), headers: { accept } });
    assert.equal(res.statusCode, 400);
    assert.equal(errorMessageOf(res.body), 'path parameter id must not contain control character U+0000');
    assert.ok(!res.body.includes('\u0000'));
  }
  const escape = await h.app.inject({ method: 'POST', url: api('/tenants/x%1b%5b2J'), headers: { accept: 'application/json' } });
  assert.equal(errorMessageOf(escape.body), 'path parameter id must not contain control character U+001B');
  assert.deepEqual(h.engine.calls, [], 'no engine call');
});
