/** IMPL-3 connector settings from ESC-style properties, OS_* variables and clouds.yaml. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { connectorFromCloudsYaml, connectorFromEnv, connectorFromEsc } from './connector.ts';

test('IMPL-3 connector from the standard OS_* variables', () => {
  const c = connectorFromEnv({
    OS_AUTH_URL: 'http://127.0.0.1:5000/v3', OS_USERNAME: 'admin', OS_PASSWORD: 'admin', OS_PROJECT_NAME: 'admin',
    OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default', OS_REGION_NAME: 'RegionOne', OS_INTERFACE: 'internal',
  }, 'vim1');
  assert.deepEqual(c, {
    id: 'vim1', authUrl: 'http://127.0.0.1:5000/v3', username: 'admin', password: 'admin', projectName: 'admin',
    projectDomainName: 'Default', userDomainName: 'Default', regionName: 'RegionOne', interface: 'internal',
  });
});

test('IMPL-3 a missing OS_AUTH_URL is a clear error', () => {
  assert.throws(() => connectorFromEnv({ OS_USERNAME: 'u' }), /OS_AUTH_URL is not set/);
});

test('IMPL-3 connector from ESC VIM connector properties', () => {
  const c = connectorFromEsc({ id: 'esc', os_auth_url: 'http://k:5000/v3', os_project_name: 'p', os_project_domain_name: 'd1', os_user_domain_name: 'd2', username: 'u', password: 'pw' });
  assert.equal(c.projectDomainName, 'd1');
  assert.equal(c.userDomainName, 'd2');
  assert.equal(c.authUrl, 'http://k:5000/v3');
});

test('IMPL-3 connector from a clouds.yaml entry (OS_CLOUD)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clouds-'));
  const path = join(dir, 'clouds.yaml');
  writeFileSync(path, [
    'clouds:',
    '  rig:',
    '    auth:',
    '      auth_url: http://127.0.0.1:5000/v3',
    '      username: admin',
    '      password: secret',
    '      project_name: admin',
    '      user_domain_name: Default',
    '      project_domain_name: Default',
    '    region_name: RegionOne',
    '    interface: public',
    '    api_timeout: 12',
    '',
  ].join('\n'));
  const c = connectorFromCloudsYaml(path, 'rig');
  assert.equal(c.id, 'rig');
  assert.equal(c.password, 'secret');
  assert.equal(c.requestTimeoutMs, 12_000);
  assert.equal(c.interface, 'public');
  assert.throws(() => connectorFromCloudsYaml(path, 'other'), /cloud 'other' is not in/);
});
