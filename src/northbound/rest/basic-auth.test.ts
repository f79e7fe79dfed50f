import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { basicCredentials } from './basic-auth.ts';
import { api, startHarness, type Harness } from './testing/harness.ts';

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
const on = { 'rest.auth.enabled': 'true', 'rest.auth.username': 'orch', 'rest.auth.password': 's3cret' };

let h: Harness | undefined;
afterEach(() => h?.app.close());

test('auth off by default: no credentials needed', async () => {
  h = await startHarness();
  const res = await h.app.inject({ method: 'GET', url: api('/tenants') });
  assert.equal(res.statusCode, 200);
});

test('auth on: no credentials → 401 with WWW-Authenticate Basic, engine not called', async () => {
  h = await startHarness(on);
  const res = await h.app.inject({ method: 'GET', url: api('/tenants'), headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 401);
  assert.match(String(res.headers['www-authenticate']), /^Basic realm="ESCManager"/);
  assert.match(JSON.parse(res.body).error.error_message, /authentication required/);
  assert.deepEqual(h.engine.calls, []);
});

test('auth on: wrong password → 401; right credentials → 200', async () => {
  h = await startHarness(on);
  const wrong = await h.app.inject({ method: 'GET', url: api('/tenants'), headers: { authorization: basic('orch:nope') } });
  assert.equal(wrong.statusCode, 401);
  const right = await h.app.inject({ method: 'GET', url: api('/tenants'), headers: { authorization: basic('orch:s3cret') } });
  assert.equal(right.statusCode, 200);
  assert.deepEqual(h.engine.methodsCalled(), ['listTenants']);
});

test('auth on: a body is not parsed for an unauthenticated request (401, not 400)', async () => {
  h = await startHarness(on);
  const res = await h.app.inject({ method: 'POST', url: api('/deployments/d'), headers: { 'content-type': 'application/xml' }, body: '<broken' });
  assert.equal(res.statusCode, 401);
});

test('auth on: /metrics stays open to a scraper on this machine (issue 13: security.test.ts has the rest); openapi.json is protected', async () => {
  h = await startHarness(on);
  assert.equal((await h.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
  assert.equal((await h.app.inject({ method: 'GET', url: api('/openapi.json') })).statusCode, 401);
});

test('CONF-3 a run-time change of rest.auth.enabled applies to the next request', async () => {
  h = await startHarness();
  h.config.set('rest.auth.enabled', 'true');
  assert.equal((await h.app.inject({ method: 'GET', url: api('/tenants') })).statusCode, 401);
});

test('basicCredentials reads user and password; malformed headers and other schemes give none', () => {
  assert.deepEqual(basicCredentials(basic('orch:s3cret')), { username: 'orch', password: 's3cret' });
  assert.deepEqual(basicCredentials(`basic   ${Buffer.from('orch:s3:cr:et').toString('base64')}`), { username: 'orch', password: 's3:cr:et' });
  for (const header of [undefined, '', 'Basic', 'Bearer abc', basic('orch')]) {
    assert.equal(basicCredentials(header), undefined, String(header));
  }
});

test('auth on: user names are compared exactly (case matters)', async () => {
  h = await startHarness(on);
  const res = await h.app.inject({ method: 'GET', url: api('/tenants'), headers: { authorization: basic('Orch:s3cret') } });
  assert.equal(res.statusCode, 401);
});
