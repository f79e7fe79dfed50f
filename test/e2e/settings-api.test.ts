/**
 * The settings API over real HTTP (CONF-1..3): `GET /admin/settings` (every key, sorted, secrets
 * masked), `PATCH` (all or none; unknown, restart-only and bad values refused naming the key),
 * `POST /admin/settings/reload` (the file re-read, run-time changes dropped, start overrides kept,
 * unknown keys shown), a bad file value stopping the start, REST authentication over the routes,
 * and a shortened poll timeout reaching a deploy that starts after the change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manager, ManagerOptions } from '../../src/app/manager.ts';
import { defaults } from '../../src/config/defaults.ts';
import { eventually, fastPolling, startTestManager, tempDataDir } from '../support/manager.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';

const timeout = 'vim.asyncpoller.server.create.timeout.mins';
const poll = 'vim.asyncpoller.server.create.poll.secs';
const deleteTimeout = 'vim.asyncpoller.snapshot.delete.timeout.mins';
const json = { 'content-type': 'application/json', accept: 'application/json' };

interface Running {
  manager: Manager;
  dataDir: string;
  settings: string;
  properties: string;
}

/** A manager whose data folder holds `properties` (when given) as application.properties; closed after `body`. */
async function withManager(o: { properties?: string } & ManagerOptions, body: (m: Running) => Promise<void>): Promise<void> {
  const dataDir = tempDataDir();
  const properties = join(dataDir, 'application.properties');
  if (o.properties !== undefined) writeFileSync(properties, o.properties);
  const manager = await startTestManager({ ...o, dataDir });
  try {
    await body({ manager, dataDir, properties, settings: `${manager.url}/ESCManager/v0/admin/settings` });
  } finally {
    await manager.close();
  }
}

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; type: string; text: string; body: Record<string, string> }> {
  const res = await fetch(url, { ...init, headers: { ...json, ...init.headers } });
  const text = await res.text();
  const body = res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as Record<string, string>) : {};
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body };
}

const patch = (url: string, changes: unknown) => call(url, { method: 'PATCH', body: JSON.stringify(changes) });
const reload = (url: string) => call(`${url}/reload`, { method: 'POST' });
const errorOf = (r: { body: unknown }) => (r.body as unknown as { error: { error_message: string } }).error.error_message;

test('CONF-2 GET shows every effective key as a string, sorted by key, secrets masked, unknown file keys included', async () => {
  await withManager({ properties: 'vmware.vcenter.host=vc1\nccp.api.token=t0k3n\nvim.asyncpoller.server.create.timeout.mins=7\n' }, async ({ settings }) => {
    const got = await call(settings);
    assert.equal(got.status, 200);
    assert.match(got.type, /^application\/json/);
    const keys = Object.keys(got.body);
    assert.deepEqual(keys, [...keys].sort(), 'sorted by key');
    for (const key of Object.keys(defaults)) assert.equal(typeof got.body[key], 'string', `${key} shown as a string`);
    assert.equal(got.body['rest.auth.password'], '****');
    assert.equal(got.body['ccp.api.token'], '****');
    assert.doesNotMatch(got.text, /cisco123|t0k3n/);
    assert.equal(got.body['vmware.vcenter.host'], 'vc1');
    assert.equal(got.body[timeout], '7', 'from the file');
    assert.equal(got.body[poll], fastPolling[poll], 'a start override');
    assert.equal(got.body['vim.requests.inflight'], '20', 'a default');
  });
});

test('CONF-3 PATCH applies every key and answers the effective settings; a later GET shows them', async () => {
  await withManager({}, async ({ settings }) => {
    const changed = await patch(settings, { [timeout]: '0.5', 'vim.requests.inflight': 3 });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body[timeout], '0.5');
    assert.equal(changed.body['vim.requests.inflight'], '3', 'a JSON number is taken as its text');
    assert.deepEqual((await call(settings)).body, changed.body);
  });
});

test('CONF-3 PATCH refuses with 400 naming the first bad key, and applies none of the keys', async () => {
  await withManager({}, async ({ settings }) => {
    const before = (await call(settings)).body;
    const refusals: { changes: unknown; message: string }[] = [
      { changes: { [timeout]: '1', 'vmware.host': 'vc' }, message: 'unknown configuration key [vmware.host]' },
      { changes: { [timeout]: '1', 'server.port': '9090' }, message: '[server.port] needs a restart' },
      { changes: { 'data.dir': '/tmp/x' }, message: '[data.dir] needs a restart' },
      { changes: { 'emulator.port': '1' }, message: '[emulator.port] needs a restart' },
      { changes: { 'log.level': 'debug' }, message: '[log.level] needs a restart' },
      { changes: { 'rest.auth.password': 'n3w' }, message: '[rest.auth.password] needs a restart' },
      { changes: { [timeout]: '1', [poll]: 'soon' }, message: `configuration key [${poll}]: value [soon] is not a number above 0` },
      { changes: { 'rest.auth.enabled': 'yes' }, message: 'configuration key [rest.auth.enabled]: value [yes] is not true or false' },
      { changes: { [timeout]: '1', 'server.port': '1', 'vmware.host': 'vc' }, message: '[server.port] needs a restart' },
      { changes: { [timeout]: { mins: 1 } }, message: `configuration key [${timeout}]: value [{"mins":1}] is not a string, number or boolean` },
      { changes: [timeout, '1'], message: 'settings body must be a JSON object of "key": "value" members' },
    ];
    for (const { changes, message } of refusals) {
      const res = await patch(settings, changes);
      assert.equal(res.status, 400, JSON.stringify(changes));
      assert.equal(errorOf(res), message);
    }
    const xmlError = await fetch(settings, { method: 'PATCH', body: JSON.stringify({ 'vmware.host': 'x' }), headers: { 'content-type': 'application/json' } });
    assert.equal(xmlError.status, 400);
    assert.match(await xmlError.text(), /<error_message>unknown configuration key \[vmware\.host\]<\/error_message>/, 'errors in the negotiated format, XML by default');
    assert.deepEqual((await call(settings)).body, before, 'nothing changed');
  });
});

test('CONF-1 reload re-reads application.properties: run-time changes dropped, start overrides kept, unknown keys shown', async () => {
  await withManager({ properties: `${timeout}=3\n`, settings: { 'vim.requests.inflight': '2' } }, async ({ settings, properties }) => {
    assert.equal((await patch(settings, { [deleteTimeout]: '7', [timeout]: '4' })).status, 200);
    writeFileSync(properties, `${timeout}=6\nvim.requests.inflight=5\nvmware.vcenter.host=vc1\n`);
    const reloaded = await reload(settings);
    assert.equal(reloaded.status, 200, reloaded.text);
    assert.equal(reloaded.body[timeout], '6', 'the file, re-read');
    assert.equal(reloaded.body[deleteTimeout], defaults[deleteTimeout], 'the run-time change is dropped');
    assert.equal(reloaded.body['vim.requests.inflight'], '2', 'the start override outranks the file');
    assert.equal(reloaded.body['vmware.vcenter.host'], 'vc1', 'an unknown key is kept and shown');
    assert.deepEqual((await call(settings)).body, reloaded.body);
  });
});

test('CONF-1 reload of a file with a bad value is a 400 naming file, key and value, and changes nothing', async () => {
  await withManager({ properties: `${timeout}=3\n` }, async ({ settings, properties }) => {
    assert.equal((await patch(settings, { [deleteTimeout]: '7' })).status, 200);
    const before = (await call(settings)).body;
    writeFileSync(properties, `${timeout}=6\nrest.auth.enabled=sometimes\n`);
    const res = await reload(settings);
    assert.equal(res.status, 400);
    assert.equal(errorOf(res), `${properties}: configuration key [rest.auth.enabled]: value [sometimes] is not true or false`);
    assert.deepEqual((await call(settings)).body, before);
  });
});

test('CONF-1 a bad value in application.properties stops the start, naming file, key and value', async () => {
  const dataDir = tempDataDir();
  const properties = join(dataDir, 'application.properties');
  writeFileSync(properties, `vmware.vcenter.host=vc1\n${timeout}=ten\n`);
  await assert.rejects(startTestManager({ dataDir }), { message: `${properties}: configuration key [${timeout}]: value [ten] is not a number above 0` });
});

test('the settings routes sit behind REST authentication when it is on; a new REST user applies to the next request', async () => {
  await withManager({ settings: { 'rest.auth.enabled': 'true' } }, async ({ settings }) => {
    const basic = (user: string) => ({ authorization: `Basic ${Buffer.from(user).toString('base64')}` });
    assert.equal((await call(settings)).status, 401);
    assert.equal((await patch(settings, { [timeout]: '1' })).status, 401);
    assert.equal((await reload(settings)).status, 401);
    assert.equal((await call(settings, { headers: basic('admin:cisco123') })).status, 200);
    assert.equal((await patch(settings, { 'rest.auth.password': 'n3w' })).status, 401);
    const restUser = settings.replace(/settings$/, 'rest-user');
    assert.equal((await call(restUser, { method: 'PUT', body: JSON.stringify({ username: 'admin', password: 'n3w' }), headers: basic('admin:cisco123') })).status, 200);
    assert.equal((await call(settings, { headers: basic('admin:cisco123') })).status, 401);
    assert.equal((await call(settings, { headers: basic('admin:n3w') })).status, 200);
  });
});

test('CONF-3 a poll timeout shortened through PATCH makes a deploy that starts after it fail at the new timeout', { timeout: 60_000 }, async () => {
  await withManager({}, async ({ manager, settings }) => {
    assert.equal((await patch(settings, { [timeout]: '0.01' })).status, 200);
    manager.emulator!.admin.setFaults({ rules: [{ stuck: { resource: 'server', status: 'BUILD' } }] });
    const res = await fetch(`${manager.url}/ESCManager/v0/deployments/stuck`, { method: 'POST', body: stuckDeployment, headers: { 'content-type': 'application/xml' } });
    assert.equal(res.status, 201, await res.text());
    const op = await eventually(async () => (await manager.store.listOperations({})).find((o) => o.deploymentName === 'stuck' && o.status !== 'RUNNING'), 20_000, 'the deploy to end');
    assert.equal(op.status, 'FAILED');
    assert.match(op.error ?? '', /vim\.asyncpoller\.server\.create\.timeout\.mins=0\.01\b/);
    manager.emulator!.admin.setFaults({ rules: [] });
  });
});

const stuckDeployment = oneVmDeployment({ tenant: 'settings', name: 'stuck' });
