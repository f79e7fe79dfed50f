/**
 * Benchmark 14 (issue 15): several managers on one PostgreSQL. Every manager is a `vnfm serve`
 * process and the VIM is one standalone emulator process (test/support/cluster.ts and
 * standalone-emulator.ts, the end-to-end test's harness), so the rows compare like with like:
 *
 * - deploy+undeploy of one-VM deployments, `concurrency` in flight sent round-robin, on one manager
 *   with SQLite beside one, two and three managers on PostgreSQL;
 * - takeover time: the owner of a running deploy is SIGKILLed and the time to the first step the
 *   new owner writes is read from the database (`kills` rounds, two managers, default lease).
 *
 * All processes share this machine's cores: more managers add throughput only where cores are idle.
 * Skipped with a note when no PostgreSQL answers.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { testDatabase, type TestDatabase } from '../src/store/postgres/testing/test-database.ts';
import { ChildManager } from '../test/support/child-manager.ts';
import { Cluster } from '../test/support/cluster.ts';
import { oneVmDeployment } from '../test/support/one-vm-deployment.ts';
import { StandaloneEmulator } from '../test/support/standalone-emulator.ts';
import { benchPolling, startCallbackSink } from './harness.ts';
import { fmt, percentile, printTable } from './stats.ts';

export interface HaClusterFigures {
  /** deploy+undeploy ops/s by row label (`sqlite x1`, `postgres x1` ...). */
  opsPerSec: Record<string, number>;
  takeoverP50Ms: number;
  takeoverP99Ms: number;
  kills: number;
}

/** Every VIM transition this many times its default: the managers' work, not the cloud's, is measured. */
const TIME_SCALE = 0.01;
/** Fast polls, and warnings only: the logs are not what is measured. */
const SETTINGS = benchPolling();

type Sink = Awaited<ReturnType<typeof startCallbackSink>>;

/** POST or DELETE one deployment on `api` and wait for its completion callback. */
async function run(api: string, sink: Sink, method: 'POST' | 'DELETE', name: string): Promise<void> {
  const res = await fetch(`${api}/deployments/${name}`, {
    method,
    headers: { 'content-type': 'application/xml', callback: sink.url },
    ...(method === 'POST' && { body: oneVmDeployment({ tenant: 'bench', name }) }),
  });
  const txn = res.headers.get('esc-transaction-id');
  if (!res.ok || !txn) throw new Error(`${method} ${name}: HTTP ${res.status} ${await res.text()}`);
  const done = await sink.completion(txn);
  if (done.status !== '200') throw new Error(`${method} ${name} completed with ${done.status}`);
}

/** `count` deployments each deployed then undeployed, `concurrency` at a time, round-robin over `apis`: ops/s. */
async function deployUndeploy(apis: string[], count: number, concurrency: number, label: string): Promise<number> {
  const sink = await startCallbackSink();
  try {
    const tenant = await fetch(`${apis[0]}/tenants/bench`, { method: 'POST' });
    if (!tenant.ok) throw new Error(`tenant: HTTP ${tenant.status}`);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          const api = apis[i % apis.length]!;
          await run(api, sink, 'POST', `${label}-${i}`);
          await run(api, sink, 'DELETE', `${label}-${i}`);
        }
      }),
    );
    return (2 * count) / ((performance.now() - started) / 1000);
  } finally {
    await sink.close();
  }
}

async function throughputRow(db: TestDatabase | undefined, managers: number, count: number, concurrency: number): Promise<number> {
  const emulator = await StandaloneEmulator.start({ timeScale: TIME_SCALE });
  try {
    if (!db) {
      const node = await ChildManager.create();
      try {
        await node.start(SETTINGS, { ...emulator.env, VNFM_LIVENESS: 'vim' });
        return await deployUndeploy([node.api], count, concurrency, 'sqlite');
      } finally {
        await node.dispose(true);
      }
    }
    const cluster = await Cluster.start({ size: managers, databaseUrl: await db.freshSchemaUrl(), emulator, settings: SETTINGS });
    try {
      return await deployUndeploy(cluster.nodes.map((n) => n.api), count, concurrency, `pg${managers}`);
    } finally {
      await cluster.dispose(true);
    }
  } finally {
    await emulator.dispose(true);
  }
}

/**
 * `kills` rounds on two managers: with the other paused, one manager claims a deploy whose server
 * the emulator holds in BUILD; the other resumes, the owner is SIGKILLed and the server let go, and
 * the time from the kill to the first step row written after it is one sample. The killed manager
 * starts again for the next round, which kills the other.
 */
async function takeovers(db: TestDatabase, kills: number): Promise<number[]> {
  const url = await db.freshSchemaUrl();
  const emulator = await StandaloneEmulator.start({ timeScale: TIME_SCALE });
  const sink = await startCallbackSink();
  const sql = new pg.Client({ connectionString: url });
  let cluster: Cluster | undefined;
  try {
    cluster = await Cluster.start({ size: 2, databaseUrl: url, emulator, settings: SETTINGS });
    await sql.connect();
    await fetch(`${cluster.api(0)}/tenants/bench`, { method: 'POST' });
    const steps = async (op: string) => Number((await sql.query<{ n: string }>('SELECT COUNT(*) AS n FROM steps WHERE operation_id = $1', [op])).rows[0]!.n);
    const samples: number[] = [];
    for (let round = 0; round < kills; round++) {
      const owner = round % 2;
      const other = 1 - owner;
      await emulator.setFaults({ rules: [{ stuck: { resource: 'server', status: 'BUILD' } }] });
      cluster.pause(other);
      const res = await fetch(`${cluster.api(owner)}/deployments/takeover-${round}`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', callback: sink.url },
        body: oneVmDeployment({ tenant: 'bench', name: `takeover-${round}` }),
      });
      const op = res.headers.get('esc-transaction-id');
      if (!res.ok || !op) throw new Error(`deploy takeover-${round}: HTTP ${res.status}`);
      // The owner has created the server and waits for it to leave BUILD.
      while ((await emulator.state()).servers.filter((s) => s.name?.startsWith(`takeover-${round}_`)).length === 0) await sleep(10);
      const before = await steps(op);
      cluster.resume(other);
      await sleep(500); // the resumed manager's next heartbeat: a pause this short leaves it fresh, holding nothing
      const killedAt = performance.now();
      await cluster.kill(owner);
      await emulator.clearFaults();
      for (const deadline = performance.now() + 60_000; (await steps(op)) === before; await sleep(5)) {
        if (performance.now() > deadline) throw new Error(`takeover-${round}: no step written within 60 s of the owner's kill`);
      }
      samples.push(performance.now() - killedAt);
      const done = await sink.completion(op);
      if (done.status !== '200') throw new Error(`deploy takeover-${round} completed with ${done.status}`);
      await cluster.restart(owner);
    }
    return samples;
  } finally {
    await sql.end().catch(() => undefined);
    await cluster?.dispose(true);
    await sink.close();
    await emulator.dispose(true);
  }
}

export async function benchHaCluster(o: { deployments: number; concurrency: number; kills: number }): Promise<HaClusterFigures | undefined> {
  const { db, skip } = await testDatabase();
  if (!db) {
    console.log(`\n14. several managers on one PostgreSQL: skipped (${skip})`);
    return undefined;
  }
  try {
    const opsPerSec: Record<string, number> = {};
    opsPerSec['sqlite x1'] = await throughputRow(undefined, 1, o.deployments, o.concurrency);
    for (const managers of [1, 2, 3]) opsPerSec[`postgres x${managers}`] = await throughputRow(db, managers, o.deployments, o.concurrency);
    const samples = await takeovers(db, o.kills);
    const figures = { opsPerSec, takeoverP50Ms: percentile(samples, 50), takeoverP99Ms: percentile(samples, 99), kills: samples.length };
    printTable(
      `14. several managers on one PostgreSQL: ${o.deployments} one-VM deployments deployed then undeployed, ${o.concurrency} in flight round-robin; takeover after SIGKILL`,
      ['row', 'managers', 'store', 'result'],
      [
        ...Object.entries(opsPerSec).map(([label, ops]) => {
          const [store, managers] = label.split(' x');
          return [label, managers!, store!, `${fmt(ops, 1)} deploy+undeploy ops/s`];
        }),
        ['takeover', '2', 'postgres', `kill -> first step by the new owner: p50 ${fmt(figures.takeoverP50Ms, 0)} ms, p99 ${fmt(figures.takeoverP99Ms, 0)} ms over ${figures.kills} kills`],
      ],
      [
        `every manager a vnfm serve process, the VIM one standalone emulator process (time scale ${TIME_SCALE}), polls every ${SETTINGS['vim.asyncpoller.server.create.poll.secs']} s`,
        'takeover: default ha.lease.secs 5 and ha.heartbeat.secs 1, so the goal is <= lease + one heartbeat (6 s)',
        'all processes share the machine: on 2 cores more managers add no cores, only coordination',
      ],
    );
    return figures;
  } finally {
    await db.drop();
  }
}
