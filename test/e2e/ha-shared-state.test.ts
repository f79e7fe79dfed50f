/**
 * Issue 15 item 4 (CONF-4) end to end: managers on one PostgreSQL share their run-time settings,
 * users, operation mode, NETCONF host key and self-signed HTTPS pair. Two in-process managers per
 * test, each with its own data folder and `application.properties`, on a schema of their own and an
 * in-process emulator as their cloud (and one `vnfm serve` child, to be SIGKILLed); they are
 * reached as an operator would: the REST API, escadm, SSH and TLS. Skips without a reachable
 * PostgreSQL (fails under CI).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import ssh2 from 'ssh2';
import { startEmulator, type Emulator } from '../../emulator/emulator.ts';
import type { Manager } from '../../src/app/manager.ts';
import { Credentials } from '../../src/config/credentials.ts';
import { loadOrCreateHostKey } from '../../src/northbound/netconf/host-key.ts';
import { sharedStateApplication } from '../../src/store/postgres/shared-state.ts';
import { testDatabase } from '../../src/store/postgres/testing/test-database.ts';
import { ChildManager } from '../support/child-manager.ts';
import { runEscadm } from '../support/escadm.ts';
import { eventually, startTestManager, tempDataDir } from '../support/manager.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());

const inflight = 'vim.requests.inflight';
const timeout = 'vim.asyncpoller.server.create.timeout.mins';

let emulator: Emulator;
before(async () => {
  if (!skip) emulator = await startEmulator({ port: 0 });
});
after(() => emulator?.close());

/** The `OS_*` of the in-process emulator: the cloud every manager of a test shares. */
function cloudEnv(): Record<string, string> {
  return {
    OS_AUTH_URL: emulator.authUrl, OS_USERNAME: 'admin', OS_PASSWORD: 'admin', OS_PROJECT_NAME: 'admin',
    OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default', VNFM_LIVENESS: 'vim',
  };
}

/** A manager on `url` with its own data folder holding `properties` as its application.properties. */
async function node(url: string, o: { properties?: string; settings?: Record<string, string>; dataDir?: string } = {}): Promise<Manager & { dataDir: string }> {
  const dataDir = o.dataDir ?? tempDataDir();
  if (o.properties !== undefined) writeFileSync(join(dataDir, 'application.properties'), o.properties);
  const manager = await startTestManager({ dataDir, env: cloudEnv(), settings: { 'database.url': url, ...o.settings } });
  return Object.assign(manager, { dataDir });
}

async function settingsOf(m: Manager, auth?: string): Promise<Record<string, string>> {
  const res = await fetch(`${m.url}/ESCManager/v0/admin/settings`, { headers: auth ? { authorization: auth } : {} });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as Record<string, string>;
}

async function patch(m: Manager, changes: Record<string, string>): Promise<void> {
  const res = await fetch(`${m.url}/ESCManager/v0/admin/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(changes) });
  assert.equal(res.status, 200, await res.text());
}

/** Until `m` shows `key` as `value` through its settings API. */
function shows(m: Manager, key: string, value: string): Promise<true> {
  return eventually(async () => ((await settingsOf(m))[key] === value ? true : undefined), 10_000, `${key}=${value} on ${m.url}`);
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The NETCONF server's host key, as an SSH client logged in as `user` receives it. */
function hostKeyOf(port: number, user = { username: 'admin', password: 'admin' }): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let key = '';
    client.once('ready', () => (client.end(), resolve(key))).once('error', reject);
    client.connect({ host: '127.0.0.1', port, ...user, hostVerifier: (k: Buffer) => ((key = k.toString('base64')), true) });
  });
}

/** The HTTPS listener's certificate fingerprint, as a TLS client receives it. */
function certificateOf(httpsUrl: string): Promise<string> {
  const { hostname, port } = new URL(httpsUrl);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()!.fingerprint256);
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('issue 15 item 4: managers on one PostgreSQL share their state', { skip }, () => {
  test('CONF-4: a run-time setting changed on A is answered by B; escadm vimmanager restart on B clears it on A, each node re-reading its own file', { timeout: 90_000 }, async (t) => {
    const url = await db!.freshSchemaUrl();
    const a = await node(url, { properties: `${timeout}=11\n` });
    t.after(() => a.close());
    const b = await node(url, { properties: `${timeout}=12\n` });
    t.after(() => b.close());

    await patch(a, { [inflight]: '7' });
    await shows(b, inflight, '7');
    assert.equal(b.config.number(inflight), 7, 'in force on B, not only shown');
    assert.equal((await settingsOf(b))[timeout], '12', 'the file values stay each node\'s own');

    // A node that joins later starts with the installation's run-time settings.
    const c = await node(url);
    t.after(() => c.close());
    assert.equal((await settingsOf(c))[inflight], '7');

    writeFileSync(join(a.dataDir, 'application.properties'), `${timeout}=13\n`);
    const restart = await runEscadm(['vimmanager', 'restart'], { url: b.url });
    assert.equal(restart.code, 0, restart.stderr);
    await shows(a, inflight, '20');
    await shows(a, timeout, '13');
    await shows(c, inflight, '20');
    assert.equal((await settingsOf(b))[inflight], '20');
    assert.equal((await settingsOf(b))[timeout], '12');
  });

  test('the users: a REST user set on A logs in on B and the old one no longer does; the operation mode set on A holds on B', { timeout: 90_000 }, async (t) => {
    const url = await db!.freshSchemaUrl();
    const auth = { 'rest.auth.enabled': 'true' };
    const a = await node(url, { settings: auth });
    t.after(() => a.close());
    const b = await node(url, { settings: auth });
    t.after(() => b.close());

    const set = await runEscadm(['rest', 'set', '--username', 'orch', '--password', 's3cret'], { url: a.url, user: 'admin', password: 'cisco123' });
    assert.equal(set.code, 0, set.stderr);
    const answer = async (user: string, password: string) => (await fetch(`${b.url}/ESCManager/v0/admin/settings`, { headers: { authorization: basic(user, password) } })).status;
    await eventually(async () => ((await answer('orch', 's3cret')) === 200 ? true : undefined), 10_000, 'the new user on B');
    assert.equal(await answer('admin', 'cisco123'), 401);
    assert.equal(b.credentials.username('rest'), 'orch');

    const mode = await runEscadm(['op_mode', 'set', '--mode=maintenance'], { url: a.url, user: 'orch', password: 's3cret' });
    assert.equal(mode.code, 0, mode.stderr);
    await eventually(() => (b.admin.opMode() === 'MAINTENANCE' ? true : undefined), 10_000, 'maintenance on B');
    const refused = await fetch(`${b.url}/ESCManager/v0/tenants/t1`, { method: 'POST', headers: { authorization: basic('orch', 's3cret'), 'content-type': 'application/xml' }, body: '<tenant><name>t1</name></tenant>' });
    assert.equal(refused.status, 503, 'B refuses changes in maintenance');
  });

  test('every node presents the same NETCONF host key and self-signed HTTPS certificate and knows the same users, the first node\'s', { timeout: 90_000 }, async (t) => {
    const url = await db!.freshSchemaUrl();
    // A was a manager of its own: its data folder holds its host key and users.
    const dataDir = tempDataDir();
    const hostKey = ssh2.utils.parseKey(loadOrCreateHostKey(dataDir));
    assert.ok(!(hostKey instanceof Error) && !Array.isArray(hostKey));
    await (await Credentials.open(join(dataDir, 'credentials.json'))).set('netconf', 'ops', 'pw');
    const tls = { 'rest.tls.enabled': 'true', 'rest.tls.port': '0' };
    const a = await node(url, { settings: tls, dataDir });
    t.after(() => a.close());
    const b = await node(url, { settings: tls });
    t.after(() => b.close());

    const ops = { username: 'ops', password: 'pw' };
    assert.equal(await hostKeyOf(a.netconfPort!, ops), hostKey.getPublicSSH().toString('base64'));
    assert.equal(await hostKeyOf(b.netconfPort!, ops), hostKey.getPublicSSH().toString('base64'));
    assert.equal(await certificateOf(b.httpsUrl!), await certificateOf(a.httpsUrl!));
  });

  test('run-time settings outlive any one node, not all of them; a node that lost its connection reads them again', { timeout: 90_000 }, async (t) => {
    const url = await db!.freshSchemaUrl();
    const open = new Set<Manager>();
    const up = async (o?: { dataDir?: string }) => {
      const m = await node(url, o);
      open.add(m);
      return m;
    };
    const down = async (m: Manager) => {
      open.delete(m);
      await m.close();
    };
    // A failed assertion must not leave nodes listening: the file would never end.
    t.after(async () => {
      for (const m of open) await m.close();
    });
    const a = await up();
    const b = await up();
    await patch(a, { [inflight]: '5' });
    await shows(b, inflight, '5');

    // A change nobody announced (as one made while B's connection was down would be) reaches B
    // when its shared-state connection is cut and made again: it then reads everything.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    t.after(() => admin.end());
    await admin.query("UPDATE runtime_settings SET value = '6' WHERE key = $1", [inflight]);
    const cut = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [sharedStateApplication]);
    assert.equal(cut.rowCount, 2, 'one dedicated connection per node');
    await shows(b, inflight, '6');
    await shows(a, inflight, '6');

    // A down, B up: the settings stay; A again: it finds them.
    await down(a);
    const again = await up({ dataDir: a.dataDir });
    assert.equal((await settingsOf(again))[inflight], '6');
    // Every node down, then one up: they are gone.
    await down(again);
    await down(b);
    assert.equal((await settingsOf(await up()))[inflight], '20');
  });

  test('a SIGKILLed node holds nothing: the next node up alone finds the run-time settings gone', { timeout: 90_000 }, async (t) => {
    const url = await db!.freshSchemaUrl();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    t.after(() => admin.end());
    const dedicated = async () =>
      (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [sharedStateApplication])).rows.map((r) => r.pid);
    const before = await dedicated();
    const child = await ChildManager.create();
    let passed = false;
    t.after(() => child.dispose(passed));
    await child.start({}, { ...cloudEnv(), VNFM_DATABASE_URL: url });
    const childs = (await dedicated()).filter((pid) => !before.includes(pid));
    assert.equal(childs.length, 1, 'the child\'s dedicated connection');
    const res = await fetch(`${child.api}/admin/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [inflight]: '4' }) });
    assert.equal(res.status, 200, await res.text());
    assert.deepEqual((await admin.query('SELECT value FROM runtime_settings WHERE key = $1', [inflight])).rows, [{ value: '4' }]);

    await child.kill();
    // PostgreSQL ends the dead node's session (and its lock) once it sees the socket closed.
    await eventually(async () => ((await dedicated()).includes(childs[0]!) ? undefined : true), 10_000, 'the killed node\'s session to end');
    const next = await node(url);
    t.after(() => next.close());
    assert.equal((await settingsOf(next))[inflight], '20');
    passed = true;
  });
});
