/**
 * Issue 15 items 1 and 5 end to end: `vnfm serve` with `VNFM_DATABASE_URL` keeps its state in
 * PostgreSQL and drives a standalone emulator (`npm run emulator` as a process: a VIM that outlives
 * any manager); it deploys and undeploys, and nothing is written to a SQLite file. Without a cloud
 * named, a manager on PostgreSQL refuses to start rather than start the embedded emulator.
 * Skips without a reachable PostgreSQL (fails under CI).
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { startManager } from '../../src/app/manager.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { testDatabase } from '../../src/store/postgres/testing/test-database.ts';
import { ChildManager } from '../support/child-manager.ts';
import { eventually, tempDataDir } from '../support/manager.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';
import { StandaloneEmulator } from '../support/standalone-emulator.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());

describe('issue 15: a manager on PostgreSQL', { skip }, () => {
  test('deploys and undeploys against a standalone emulator, its state in PostgreSQL only', { timeout: 60_000 }, async (t) => {
    const vnfm = await ChildManager.create();
    const emulator = await StandaloneEmulator.start();
    const receiver = await HttpReceiver.start();
    let passed = false;
    t.after(async () => {
      await vnfm.dispose(passed);
      await emulator.dispose(passed);
      await receiver.close();
    });
    await vnfm.start({}, { ...emulator.env, VNFM_DATABASE_URL: db!.url, VNFM_LIVENESS: 'vim' });
    const completion = async (res: Response) => {
      assert.ok(res.ok, await res.clone().text());
      const txn = res.headers.get('esc-transaction-id');
      const done = await eventually(() => receiver.requests.find((r) => r.path === '/done' && r.headers['esc-transaction-id'] === txn), 30_000, `completion of ${txn}`);
      assert.equal(done.headers['esc-status-code'], '200', done.body);
    };
    const headers = { 'content-type': 'application/xml', callback: receiver.url('/done') };

    await completion(await fetch(`${vnfm.api}/deployments/pgdep`, { method: 'POST', headers, body: oneVmDeployment({ tenant: 'pgt', name: 'pgdep' }) }));
    assert.deepEqual((await emulator.state()).servers.map((s) => [s.name?.startsWith('pgdep_g_0'), s.status]), [[true, 'ACTIVE']]);
    await completion(await fetch(`${vnfm.api}/deployments/pgdep`, { method: 'DELETE', headers: { callback: receiver.url('/done') } }));
    assert.deepEqual((await emulator.state()).servers, []);

    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ type: string }>("SELECT type FROM events WHERE deployment_name = 'pgdep' ORDER BY seq");
      const types = rows.map((r) => r.type);
      assert.equal(types[0], 'VM_DEPLOYED', types.join(' '));
      assert.equal(types.at(-1), 'SERVICE_UNDEPLOYED', types.join(' '));
      const { rows: ops } = await client.query<{ kind: string; status: string }>('SELECT kind, status FROM operations ORDER BY seq');
      assert.deepEqual(ops.filter((o) => o.kind !== 'tenant.create'), [{ kind: 'deploy', status: 'COMPLETED' }, { kind: 'undeploy', status: 'COMPLETED' }]);
    } finally {
      await client.end();
    }
    assert.equal(existsSync(join(vnfm.dataDir, 'openvnfm.sqlite')), false, 'no SQLite file in the data folder');
    passed = true;
  });

  test('item 5: without a cloud named, it refuses to start the embedded emulator, and says what to do', async (t) => {
    const dataDir = tempDataDir();
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    await assert.rejects(
      startManager({ logger: false, env: {}, settings: { 'data.dir': dataDir, 'server.port': '0', 'netconf.port': '0', 'database.url': db!.url } }),
      (err) => isDomainError(err, 'INVALID_INPUT') && /does not start the embedded emulator.*OS_AUTH_URL.*npm run emulator/.test(err.message),
    );
  });
});
