/** IMPL-1 a tenant becomes a Keystone project with the connector user granted a role in it. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { startFakeWorld, type FakeWorld } from '../../testing/replay.ts';

let w: FakeWorld;
beforeEach(async () => (w = await startFakeWorld()));
afterEach(() => w.stop());

const roles = { status: 200, body: { roles: [{ id: 'r-admin', name: 'admin' }, { id: 'r-member', name: 'member' }] } };

test('IMPL-1 ensureProject creates the project in the connector domain and falls back to member when admin is refused', async () => {
  w.cloud.expect('GET', '/identity/v3/projects?name=t1&domain_id=default', { status: 200, body: { projects: [] } });
  w.cloud.expect('POST', '/identity/v3/projects', (req) => {
    assert.deepEqual(JSON.parse(req.body), { project: { name: 't1', domain_id: 'default', description: 'vnfm_tag=op/tenant', enabled: true } });
    return { status: 201, body: { project: { id: 'p2', name: 't1', domain_id: 'default' } } };
  });
  w.cloud.expect('GET', '/identity/v3/roles', roles);
  w.cloud.expect('PUT', '/identity/v3/projects/p2/users/u1/roles/r-admin', { status: 403, body: { error: { code: 403, message: 'You are not authorized' } } });
  w.cloud.expect('PUT', '/identity/v3/projects/p2/users/u1/roles/r-member', { status: 204 });
  assert.deepEqual(await w.driver.ensureProject('t1', 'op/tenant'), { id: 'p2', name: 't1' });
  w.cloud.assertDone();
});

test('IMPL-1 ensureProject finds an existing project instead of creating it, and still grants the role', async () => {
  w.cloud.expect('GET', '/identity/v3/projects?name=t1&domain_id=default', { status: 200, body: { projects: [{ id: 'p2', name: 't1', domain_id: 'default' }] } });
  w.cloud.expect('GET', '/identity/v3/roles', roles);
  w.cloud.expect('PUT', '/identity/v3/projects/p2/users/u1/roles/r-admin', { status: 204 });
  assert.equal((await w.driver.ensureProject('t1', 'op/tenant')).id, 'p2');
  w.cloud.assertDone();
});

test('IMPL-1 calls scoped to a tenant project use a token scoped to that project id', async () => {
  w.cloud.expect('GET', '/compute/v2.1/servers/s1', (req) => {
    assert.equal(req.headers['x-auth-token'], 'tok-2', 'a second token, for the tenant project');
    return { status: 200, body: { server: { id: 's1', name: 's1', status: 'ACTIVE', metadata: {}, addresses: {} } } };
  });
  await w.driver.defaultProject();
  assert.equal((await w.driver.getServer({ projectId: 'p2' }, 's1'))?.id, 's1');
  assert.deepEqual(w.cloud.authScopes, [{ project: { name: 'admin', domain: { name: 'Default' } } }, { project: { id: 'p2' } }]);
  w.cloud.assertDone();
});
