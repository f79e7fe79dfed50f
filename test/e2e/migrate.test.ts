/**
 * Issue 15 item 7 end to end, every command a process: a manager on SQLite (with its embedded
 * emulator) deploys; while it runs, a second `vnfm serve` on its data folder
 * and `vnfm migrate` are refused (the data folder's lock); once it is stopped, `vnfm migrate` moves
 * its state into PostgreSQL and prints the counts; the emulator's cloud goes on in `npm run emulator`
 * on the embedded one's state file, as the README says; a manager on PostgreSQL then serves the same
 * deployments, opdata and events, and its new events continue the seq. A non-empty target is
 * refused unless `--replace`; a target a manager on PostgreSQL is running on is refused even with
 * `--replace`, and allowed once it stops; a manager killed with SIGKILL leaves the folder free.
 * Skips without a reachable PostgreSQL (fails under CI).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { testDatabase } from '../../src/store/postgres/testing/test-database.ts';
import { ChildManager } from '../support/child-manager.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';
import { completions, postgresCluster } from '../support/postgres-cluster.ts';
import { StandaloneEmulator } from '../support/standalone-emulator.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());

const cli = fileURLToPath(new URL('../../src/cli/vnfm.ts', import.meta.url));

/** `vnfm <args>` as a process, to its exit. */
function vnfm(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VNFM_LOG_LEVEL: 'warn' } });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => proc.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** The rows `vnfm migrate` printed per table: name → [sqlite, postgres]. */
function countsOf(stdout: string): Map<string, [number, number]> {
  return new Map([...stdout.matchAll(/^(\w[\w ]*?)\s+(\d+)\s+(\d+)\s*$/gm)].map((m) => [m[1]!, [Number(m[2]), Number(m[3])]]));
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('issue 15 item 7: vnfm migrate', { skip }, () => {
  test('moves a stopped SQLite manager into PostgreSQL, where a manager serves the same state and continues the event seq', { timeout: 180_000 }, async (t) => {
    const manager = await ChildManager.create();
    const receiver = await HttpReceiver.start();
    let emulator: StandaloneEmulator | undefined;
    let passed = false;
    t.after(async () => {
      await manager.dispose(passed);
      await emulator?.dispose(passed);
      await receiver.close();
    });
    const target = await db!.freshSchemaUrl();
    const { completed } = completions(receiver);
    const completion = (res: Response) => completed(res, 60_000);
    const deploy = (name: string) =>
      fetch(`${manager.api}/deployments/${name}`, { method: 'POST', headers: { 'content-type': 'application/xml', callback: receiver.url('/done') }, body: oneVmDeployment({ tenant: 'mt', name }) });
    const read = async (path: string) => (await fetch(`${manager.api}${path}`, { headers: { accept: 'application/json' } })).text();

    await manager.start();
    await completion(await deploy('mig1'));
    await completion(await deploy('mig2'));
    const before = { mig1: await read('/deployments/mig1'), mig2: await read('/deployments/mig2'), tenants: await read('/tenants'), events: await read('/events') };

    const second = await vnfm(['serve', '--data-dir', manager.dataDir, '--port', '0', '-D', 'netconf.port=0', '-D', 'emulator.port=0']);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /data folder .* is in use by another manager .*manager\.lock is locked/);
    const whileRunning = await vnfm(['migrate', '--from', `sqlite:${manager.dataDir}`, '--to', target]);
    assert.equal(whileRunning.code, 2, whileRunning.stderr);
    assert.match(whileRunning.stderr, /is in use by another manager/);
    assert.deepEqual(await query(target, 'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()'), [], 'a refused move touches nothing');

    assert.equal((await manager.stop('SIGTERM')).code, 0);
    const moved = await vnfm(['migrate', '--from', `sqlite:${manager.dataDir}`, '--to', target]);
    assert.equal(moved.code, 0, moved.stderr);
    const counts = countsOf(moved.stdout);
    for (const table of ['tenants', 'deployments', 'vms', 'operations', 'steps', 'events', 'outbox', 'admin_state', 'event counter']) {
      const [sqlite, postgres] = counts.get(table) ?? assert.fail(`no count for ${table} in:\n${moved.stdout}`);
      assert.equal(postgres, sqlite, table);
    }
    assert.equal(counts.get('deployments')![0], 2);
    const movedSeq = counts.get('event counter')![0];
    assert.ok(movedSeq > 0 && movedSeq === counts.get('events')![0], moved.stdout);

    const again = await vnfm(['migrate', '--from', `sqlite:${manager.dataDir}`, '--to', target]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already holds openvnfm state \(tenants 1, deployments 2, .*\); move into an empty database, or pass --replace/);
    const replaced = await vnfm(['migrate', '--from', `sqlite:${manager.dataDir}`, '--to', target, '--replace']);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.deepEqual(countsOf(replaced.stdout), counts);

    // The README's way: the embedded emulator's cloud goes on in `npm run emulator` on its state file.
    const standalone = await StandaloneEmulator.start({ port: manager.emulatorPort, stateFile: join(manager.dataDir, 'emulator', 'state.json') });
    emulator = standalone;
    await manager.start({}, { ...standalone.env, VNFM_LIVENESS: 'vim', VNFM_DATABASE_URL: target });
    assert.deepEqual({ mig1: await read('/deployments/mig1'), mig2: await read('/deployments/mig2'), tenants: await read('/tenants'), events: await read('/events') }, before);
    assert.deepEqual(JSON.parse(await read(`/events?afterSeq=${movedSeq}`)), [], 'no event after the moved counter yet');
    await completion(await fetch(`${manager.api}/deployments/mig2`, { method: 'DELETE', headers: { callback: receiver.url('/done') } }));
    assert.deepEqual((await manager.cloud()).servers.map((s) => s.name.split('_')[0]), ['mig1']);
    const seqs = (await query<{ seq: number }>(target, 'SELECT seq::int AS seq FROM events ORDER BY seq')).map((r) => r.seq);
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'one seq after the other, the new ones after the moved ones');
    assert.ok(seqs.length > movedSeq);
    passed = true;
  });

  test('a target database a manager is running on is refused, --replace included, and moved into once it stops', { timeout: 120_000 }, async (t) => {
    const pc = await postgresCluster(t, db!, { size: 1 });
    const [live] = pc.cluster.nodes;
    const target = pc.url;
    // On SQLite: started as `vnfm serve` alone, not on the cluster's database.
    const source = pc.cluster.nodes[await pc.cluster.add()]!;
    await source.start();
    assert.equal((await source.stop('SIGTERM')).code, 0);
    const state = () => pc.query('SELECT (SELECT json_agg(t.* ORDER BY name) FROM tenants t) AS tenants, (SELECT seq FROM event_counter) AS seq');
    const before = await state();

    const refused = await vnfm(['migrate', '--from', `sqlite:${source.dataDir}`, '--to', target, '--replace']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`is in use by 1 running manager \\(on ${hostname()}: a heartbeat within ha\\.lease\\.secs 5\\); stop it first \\(--replace does not override this\\)`));
    assert.equal(refused.stdout, '', 'no count table: nothing was moved');
    assert.deepEqual(await state(), before, 'a refused move touches nothing');

    assert.equal((await live!.stop('SIGTERM')).code, 0);
    const moved = await vnfm(['migrate', '--from', `sqlite:${source.dataDir}`, '--to', target, '--replace']);
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stdout, /every count matches/);
  });

  test('a manager killed with SIGKILL holds nothing: the folder starts again and moves; usage errors exit 2', { timeout: 120_000 }, async (t) => {
    const manager = await ChildManager.create();
    let passed = false;
    t.after(() => manager.dispose(passed));
    await manager.start();
    await manager.kill();
    await manager.start();
    await manager.kill();
    const moved = await vnfm(['migrate', '--from', `sqlite:${manager.dataDir}`, '--to', await db!.freshSchemaUrl()]);
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stdout, /every count matches/);

    for (const args of [['--from', manager.dataDir, '--to', db!.url], ['--from', `sqlite:${manager.dataDir}`, '--to', 'mysql://x/y'], ['--from', `sqlite:${manager.dataDir}`]]) {
      const refused = await vnfm(['migrate', ...args]);
      assert.equal(refused.code, 2, `${args.join(' ')}: ${refused.stderr}`);
    }
    const missing = await vnfm(['migrate', '--from', `sqlite:${manager.dataDir}/nothing`, '--to', db!.url]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no SQLite store at .*nothing\/openvnfm\.sqlite/);
    passed = true;
  });
});
