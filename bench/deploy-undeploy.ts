/**
 * Benchmark 1: deploy then undeploy many one-VM deployments through the manager's real REST API
 * against the zero-latency benchmark VIM (the OpenStack driver over the in-process emulator, every
 * duration 0, `harness.ts`), so the time between the REST answer and the completion callback is the
 * manager's own (store writes, engine steps, poller cycles, outbox delivery) plus the emulator's
 * in-process work (its JSON answers, IPAM, state machines).
 * Polling is set to 5 ms so the configured interval does not dominate the figure. The data folder
 * is a parameter: on tmpfs the figure is the manager's CPU work, on disk it adds the WAL fsyncs of
 * the group commit. The orchestrator (REST client and callback listener) is a process of its own, as
 * it is in an installation; the manager process's CPU ms per operation (process.cpuUsage, the
 * in-process emulator included) is given beside the rate, and the client's apart.
 */
import { benchPolling, POLL_SECS } from './harness.ts';
import { startBenchManager, type BenchManager } from './one-vm-deploys.ts';
import { testDatabase } from '../src/store/postgres/testing/test-database.ts';
import { fmt, percentile, printTable, rssSampler } from './stats.ts';

interface PhaseResult {
  wallMs: number;
  /** CPU of the manager's process (with the in-process VIM) and of the client's, over the phase. */
  cpuMs: number;
  clientCpuMs: number;
  /** Time the manager's event loop was busy (its one thread: the manager's and the in-process VIM's JavaScript, SQLite's statements). */
  loopBusyMs: number;
  /** The store's statements and commits as it counted them: with SQLite a part of the loop's time, with PostgreSQL round trips waited for. */
  storeMs: number;
  statements: number;
  commits: number;
  overheads: number[];
}

/**
 * Where a run keeps its state: the SQLite file's filesystem decides what an fsync costs; with
 * `postgres` a throw-away database on the local PostgreSQL (issue 15) holds it instead.
 */
export interface DataPlace {
  label: string;
  root: string;
  postgres?: boolean;
}

/** The headline of one run (deploy and undeploy together), for the summary table. */
export interface DeployUndeployFigure {
  place: string;
  deployments: number;
  opsPerSec: number;
  cpuMsPerOp: number;
  /** The manager's event loop busy per operation, and SQLite's share of it. */
  loopMsPerOp: number;
  storeMsPerOp: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

/** Sends `method` for every deployment, `concurrency` at once; wall and CPU time of the whole phase. */
async function phase(bench: BenchManager, method: 'POST' | 'DELETE', names: string[], concurrency: number): Promise<PhaseResult> {
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const store = bench.storeTiming.snapshot();
  const start = performance.now();
  const result = await bench.run({ ops: names.map((name) => [method, name]), concurrency });
  const used = process.cpuUsage(cpu);
  const stored = bench.storeTiming.snapshot();
  return {
    wallMs: performance.now() - start,
    cpuMs: (used.user + used.system) / 1000,
    clientCpuMs: result.cpuMs,
    loopBusyMs: performance.eventLoopUtilization(loop).active,
    storeMs: (stored.statementSeconds - store.statementSeconds + stored.commitSeconds - store.commitSeconds) * 1000,
    statements: stored.statements - store.statements,
    commits: stored.commits - store.commits,
    overheads: result.overheads,
  };
}

async function runOnce(opts: { count: number; concurrency: number; dataRoot: string; databaseUrl?: string }) {
  const rssBeforeMiB = process.memoryUsage().rss / 1024 / 1024;
  const rss = rssSampler();
  const settings = { ...benchPolling(), ...(opts.databaseUrl && { 'database.url': opts.databaseUrl }) };
  const bench = await startBenchManager({ dataRoot: opts.dataRoot, settings });
  const names = Array.from({ length: opts.count }, (_, i) => `bench-${i}`);
  try {
    const deploy = await phase(bench, 'POST', names, opts.concurrency);
    const undeploy = await phase(bench, 'DELETE', names, opts.concurrency);
    return { deploy, undeploy, rssBeforeMiB, rssPeakMiB: rss.stop(), failures: bench.failures };
  } finally {
    rss.stop();
    await bench.close();
  }
}

export async function benchDeployUndeploy(opts: { runs: { count: number; place: DataPlace }[]; concurrency: number }): Promise<DeployUndeployFigure[]> {
  const rows: string[][] = [];
  const notes: string[] = [];
  const figures: DeployUndeployFigure[] = [];
  // A size of 0 (BENCH_DISK_DEPLOYS=0, say) skips that place.
  for (const { count, place } of opts.runs.filter((r) => r.count > 0)) {
    const database = place.postgres ? await testDatabase() : undefined;
    if (database?.skip) {
      notes.push(`${place.label}: not run, ${database.skip}`);
      continue;
    }
    const r = await runOnce({ count, concurrency: opts.concurrency, dataRoot: place.root, databaseUrl: database?.db?.url }).finally(() => database?.db?.drop());
    const row = (label: string, p: PhaseResult) => {
      const ops = p.overheads.length;
      return [
        `${label}, ${place.label}`, String(ops), fmt(p.wallMs / 1000, 2), fmt(ops / (p.wallMs / 1000)),
        fmt(p.cpuMs / ops, 2), fmt(p.loopBusyMs / ops, 2), place.postgres ? `${fmt(p.storeMs / ops, 2)} waited` : `${fmt(p.storeMs / ops, 2)} (${fmt((100 * p.storeMs) / p.loopBusyMs, 0)} %)`, fmt(p.statements / ops, 1), fmt(p.commits / ops, 2),
        fmt(p.clientCpuMs / ops, 2), fmt(percentile(p.overheads, 50)), fmt(percentile(p.overheads, 99)), fmt(percentile(p.overheads, 100)),
      ];
    };
    const sum = (key: 'wallMs' | 'cpuMs' | 'clientCpuMs' | 'loopBusyMs' | 'storeMs' | 'statements' | 'commits') => r.deploy[key] + r.undeploy[key];
    const both: PhaseResult = {
      wallMs: sum('wallMs'),
      cpuMs: sum('cpuMs'),
      clientCpuMs: sum('clientCpuMs'),
      loopBusyMs: sum('loopBusyMs'),
      storeMs: sum('storeMs'),
      statements: sum('statements'),
      commits: sum('commits'),
      overheads: [...r.deploy.overheads, ...r.undeploy.overheads],
    };
    rows.push(row('deploy', r.deploy), row('undeploy', r.undeploy), row('total', both));
    figures.push({
      place: place.label,
      deployments: count,
      opsPerSec: both.overheads.length / (both.wallMs / 1000),
      cpuMsPerOp: both.cpuMs / both.overheads.length,
      loopMsPerOp: both.loopBusyMs / both.overheads.length,
      storeMsPerOp: both.storeMs / both.overheads.length,
      p50Ms: percentile(both.overheads, 50),
      p99Ms: percentile(both.overheads, 99),
      failures: r.failures.length,
    });
    notes.push(`${count} on ${place.label}${place.postgres ? '' : ` (${place.root})`}: RSS ${fmt(r.rssBeforeMiB)} MiB before, peak ${fmt(r.rssPeakMiB)} MiB; failed completions ${r.failures.length}${r.failures.length ? ` (first: ${r.failures[0]})` : ''}`);
  }
  printTable(
    `1. Deploy then undeploy of one-VM deployments, in-process emulator with zero durations (no VIM HTTP), real REST, ${opts.concurrency} in flight (goal: total >= 1,000 ops/s on tmpfs, >= 500 on disk)`,
    ['phase, data folder', 'ops', 'wall s', 'ops/s', 'manager CPU ms/op', 'loop busy ms/op', 'store ms/op', 'statements/op', 'commits/op', 'client CPU ms/op', 'p50 ms', 'p99 ms', 'max ms'],
    rows,
    [
      `poll interval ${POLL_SECS} s for every vim.asyncpoller.*.poll.secs, so the configured wait does not dominate`,
      'p50/p99/max: manager overhead per operation = REST answer received -> completion callback received (the VIM answers in process with zero durations, so this is the manager plus the emulator\'s own work in the same process)',
      'manager CPU ms/op: the manager process\'s CPU (user+system, the in-process emulator included, and its helper threads: GC, libuv) over the phase per operation; client CPU ms/op: the orchestrator process\'s (REST client and callback receiver, operation-client.ts)',
      'loop busy ms/op: the manager\'s event loop busy (performance.eventLoopUtilization) per operation: its one thread, which bounds the rate (1,000 ops/s is 1 ms); store ms/op: with SQLite, the part of that spent in the store\'s statements and commits as it counts them (openvnfm_store_* metrics), the durable record IMPL-4 asks before each answer and VIM call; on postgres, the round trips waited for (several at once, so no share of the loop): there each write is a transaction of its own, hence the commits per operation',
      'SQLite runs WAL, synchronous=NORMAL plus the group commit (one fdatasync shared by the commits made meanwhile, each answered once durable, IMPL-4); on tmpfs there is nothing to sync',
      'postgres: the same manager with database.url on the local PostgreSQL (VNFM_TEST_POSTGRES_URL; its own fsync settings), SERIALIZABLE transactions over loopback TCP',
      ...notes,
      `RSS sampled every 100 ms (process.memoryUsage.rss() of the manager's process); resourceUsage maxRSS over the whole run so far ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`,
    ],
  );
  return figures;
}
