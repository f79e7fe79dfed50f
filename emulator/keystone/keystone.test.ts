import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getToken, testCloud } from '../testing/client.ts';

test('IMPL-3 Keystone: version documents, token in X-Subject-Token (201), project-scoped catalog', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const root = await fetch(`${cloud.emu.url}/identity`);
  assert.equal(root.status, 300);
  const v3 = (await (await fetch(cloud.emu.authUrl)).json()) as any;
  assert.equal(v3.version.links[0].href, `${cloud.emu.url}/identity/v3/`);

  const { token, body, status } = await getToken(cloud.emu.authUrl);
  assert.equal(status, 201);
  assert.match(token, /^gAAAAA/);
  assert.equal(body.token.project.name, 'admin');
  assert.deepEqual(body.token.user.domain, { id: 'default', name: 'Default' });
  assert.match(body.token.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  const types = body.token.catalog.map((s: any) => s.type).sort();
  assert.deepEqual(types, ['block-storage', 'compute', 'identity', 'image', 'network', 'volumev3']);
  const volume = body.token.catalog.find((s: any) => s.type === 'volumev3');
  assert.deepEqual(volume.endpoints.map((e: any) => e.interface).sort(), ['admin', 'internal', 'public']);
  assert.equal(volume.endpoints[0].url, `${cloud.emu.url}/volume/v3/${body.token.project.id}`);
  assert.equal(volume.endpoints[0].region_id, 'RegionOne');

  const check = await cloud.call('GET', '/identity/v3/auth/tokens', undefined, { 'x-subject-token': token });
  assert.equal(check.status, 200);
  assert.equal(check.headers.get('x-subject-token'), token);
  const unknown = await cloud.call('GET', '/identity/v3/auth/tokens', undefined, { 'x-subject-token': 'nope' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.message, 'Could not recognize Fernet token');
});

test('IMPL-3 Keystone: bad password is 401 with WWW-Authenticate; services refuse a missing token', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const bad = await getToken(cloud.emu.authUrl, 'wrong');
  assert.equal(bad.status, 401);
  assert.deepEqual(bad.body, { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } });
  const nova = await fetch(`${cloud.emu.url}/compute/v2.1/servers`);
  assert.equal(nova.status, 401);
  assert.match(nova.headers.get('www-authenticate') ?? '', /^Keystone uri=/);
});

test('IMPL-3 Keystone: projects can be created, found by name, granted and deleted (ensureProject)', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const created = await cloud.call('POST', '/identity/v3/projects', { project: { name: 'tenant-a', domain_id: 'default' } });
  assert.equal(created.status, 201);
  const dup = await cloud.call('POST', '/identity/v3/projects', { project: { name: 'tenant-a', domain_id: 'default' } });
  assert.equal(dup.status, 409);
  const found = await cloud.call('GET', '/identity/v3/projects?name=tenant-a');
  assert.equal(found.body.projects.length, 1);
  const users = await cloud.call('GET', '/identity/v3/users?name=admin');
  const roles = await cloud.call('GET', '/identity/v3/roles?name=admin');
  const grant = await cloud.call('PUT', `/identity/v3/projects/${created.body.project.id}/users/${users.body.users[0].id}/roles/${roles.body.roles[0].id}`);
  assert.equal(grant.status, 204);
  const scoped = await fetch(`${cloud.emu.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: 'admin' } } }, scope: { project: { id: created.body.project.id } } } }),
  });
  assert.equal(scoped.status, 201);
  assert.equal((await cloud.call('DELETE', `/identity/v3/projects/${created.body.project.id}`)).status, 204);
});
