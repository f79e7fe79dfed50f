/**
 * Benchmark 1: deploy then undeploy many one-VM deployments through the manager's real REST API
 * against the zero-latency benchmark VIM (the OpenStack driver over the in-process emulator, every
 * duration 0, `harness.ts`), so the time between the REST answer and the completion callback is the
 * manager's own (store writes, engine steps, poller cycles, outbox delivery) plus the emulator's
 * in-process work (its JSON answers, IPAM, state machines).
 * Polling is set to 5 ms so the configured interval does not dominate the figure. The data folder
 * is a parameter: on tmpfs the figure is the manager's CPU work, on disk it adds an fsync per commit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startManager } from '../src/app/manager.ts';
import { vimLiveness } from '../src/monitor/liveness.ts';
import { BENCH_NETWORK, benchPolling, POLL_SECS, startBenchVim, startCallbackSink } from './harness.ts';
import { testDatabase, type TestDatabase } from '../src/store/postgres/testing/test-database.ts';
import { fmt, percentile, printTable, rssSampler, runBounded } from './stats.ts';

function oneVmDeployment(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>bench</name><deployments><deployment>
<name>${name}</name>
<vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>120</bootup_time><recovery_wait_time>10</recovery_wait_time>
<interfaces><interface><nicid>0</nicid><network>${BENCH_NETWORK}</network></interface></interfaces>
<scaling><min_active>1</min_active><max_active>1</max_active></scaling></vm_group>
</deployment></deployments></tenant></tenants></esc_datamodel>`;
}

interface PhaseResult {
  wallMs: number;
  overheads: number[];
}

interface RunResult {
  deploy: PhaseResult;
  undeploy: PhaseResult;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  failures: string[];
}

/**
 * Where a run keeps its state: the SQLite file's filesystem decides what one fsync per commit costs;
 * with `postgres` a throw-away database on the local PostgreSQL (issue 15) holds it instead.
 */
export interface DataPlace {
  label: string;
  root: string;
  postgres?: boolean;
}

async function runOnce(opts: { count: number; concurrency: number; dataRoot: string; database?: TestDatabase }): Promise<RunResult> {
  const dataDir = mkdtempSync(join(opts.dataRoot, 'openvnfm-bench-'));
  const sink = await startCallbackSink();
  const rssBeforeMiB = process.memoryUsage().rss / 1024 / 1024;
  const rss = rssSampler();
  const vim = await startBenchVim();
  const manager = await startManager({
    logger: false,
    vim: vim.driver,
    liveness: vimLiveness,
    settings: { ...benchPolling(), 'data.dir': dataDir, ...(opts.database && { 'database.url': opts.database.url }) },
  });
  const api = `${manager.url}/ESCManager/v0/deployments`;
  const names = Array.from({ length: opts.count }, (_, i) => `bench-${i}`);
  const failures: string[] = [];

  /** One operation: send, note acceptance, wait for the callback; returns accept→callback ms. */
  const operate = async (method: 'POST' | 'DELETE', name: string): Promise<number> => {
    const res = await fetch(`${api}/${name}`, {
      method,
      body: method === 'POST' ? oneVmDeployment(name) : undefined,
      headers: { 'content-type': 'application/xml', callback: sink.url },
    });
    const accepted = performance.now();
    await res.arrayBuffer();
    const txn = res.headers.get('esc-transaction-id');
    if (!res.ok || !txn) throw new Error(`${method} ${name}: HTTP ${res.status}`);
    const done = await sink.completion(txn);
    if (done.status !== '200') failures.push(`${method} ${name}: ${done.status}`);
    return done.at - accepted;
  };

  const phase = async (method: 'POST' | 'DELETE'): Promise<PhaseResult> => {
    const overheads: number[] = [];
    const start = performance.now();
    await runBounded(names.length, opts.concurrency, async (i) => void overheads.push(await operate(method, names[i]!)));
    return { wallMs: performance.now() - start, overheads };
  };

  try {
    const deploy = await phase('POST');
    const undeploy = await phase('DELETE');
    return { deploy, undeploy, rssBeforeMiB, rssPeakMiB: rss.stop(), failures };
  } finally {
    rss.stop();
    await manager.close();
    await vim.close();
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchDeployUndeploy(opts: { runs: { count: number; place: DataPlace }[]; concurrency: number }): Promise<void> {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const { count, place } of opts.runs) {
    const database = place.postgres ? await testDatabase() : undefined;
    if (database?.skip) {
      notes.push(`${place.label}: not run, ${database.skip}`);
      continue;
    }
    const r = await runOnce({ count, concurrency: opts.concurrency, dataRoot: place.root, database: database?.db }).finally(() => database?.db?.drop());
    const row = (label: string, p: PhaseResult) => [
      `${label}, ${place.label}`, String(p.overheads.length), fmt(p.wallMs / 1000, 2), fmt(p.overheads.length / (p.wallMs / 1000)),
      fmt(percentile(p.overheads, 50)), fmt(percentile(p.overheads, 99)), fmt(percentile(p.overheads, 100)),
    ];
    const both = { wallMs: r.deploy.wallMs + r.undeploy.wallMs, overheads: [...r.deploy.overheads, ...r.undeploy.overheads] };
    rows.push(row('deploy', r.deploy), row('undeploy', r.undeploy), row('total', both));
    notes.push(`${count} on ${place.label}${place.postgres ? '' : ` (${place.root})`}: RSS ${fmt(r.rssBeforeMiB)} MiB before, peak ${fmt(r.rssPeakMiB)} MiB; failed completions ${r.failures.length}${r.failures.length ? ` (first: ${r.failures[0]})` : ''}`);
  }
  printTable(
    `1. Deploy then undeploy of one-VM deployments, in-process emulator with zero durations (no VIM HTTP), real REST, ${opts.concurrency} in flight`,
    ['phase, data folder', 'ops', 'wall s', 'ops/s', 'p50 ms', 'p99 ms', 'max ms'],
    rows,
    [
      `poll interval ${POLL_SECS} s for every vim.asyncpoller.*.poll.secs, so the configured wait does not dominate`,
      'p50/p99/max: manager overhead per operation = REST answer received -> completion callback received (the VIM answers in process with zero durations, so this is the manager plus the emulator\'s own work in the same process)',
      'SQLite runs WAL with synchronous=FULL (one fsync per commit, IMPL-4): the disk row shows what that costs beside tmpfs',
      'postgres: the same manager with database.url on the local PostgreSQL (VNFM_TEST_POSTGRES_URL; its own fsync settings), SERIALIZABLE transactions over loopback TCP',
      ...notes,
      `RSS sampled every 20 ms (process.memoryUsage().rss; manager and client share the process); resourceUsage maxRSS over the whole run so far ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`,
    ],
  );
}
