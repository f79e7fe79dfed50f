/**
 * Benchmark 3: VIM API calls per completed wait with 1,000 operations waiting at once — the real
 * batched `Poller` (one listServers per cycle for every due waiter) against a per-operation
 * baseline written here (each waiter sleeps one interval and GETs its own server, the pattern the
 * Poller replaces). Servers are created over ~2 s on the benchmark VIM (the OpenStack driver over
 * the in-process emulator, `harness.ts`) with a fixed serverBuild duration, so they become ACTIVE
 * spread over ~2 s after all waits have started; "notice latency" is the time from a server's
 * ACTIVE moment (creation + serverBuild) to its waiter resolving, at the same poll interval. Calls
 * are counted from the driver's recorded OpenStack calls.
 */
import { Config } from '../src/config/config.ts';
import { Poller } from '../src/engine/runtime/poller.ts';
import { systemClock } from '../src/time/clock.ts';
import type { CreateServerRequest, Scope, VimDriver } from '../src/vim/driver.ts';
import { startBenchVim } from './harness.ts';
import { fmt, percentile, printTable } from './stats.ts';

const scope: Scope = {};
const SPREAD_MS = 2_000;
/**
 * Longer than the spread, so every server is still BUILD when the waits start; not a multiple of
 * any poll interval, so a staggered waiter's polls do not line up with its server's ACTIVE moment.
 */
const BUILD_MS = SPREAD_MS + 537;

type WaitFn = (vim: VimDriver, id: string) => Promise<void>;

const batched = (intervalSecs: number): WaitFn => {
  const config = new Config({ 'vim.asyncpoller.server.create.poll.secs': String(intervalSecs) });
  const silent = { info() {}, warn() {}, error() {} };
  const poller = new Poller({ clock: systemClock, config, log: silent });
  return async (vim, id) => {
    await poller.waitFor({ vim, scope, kind: 'server', id, want: ['ACTIVE'], failOn: ['ERROR'], policy: 'server.create', label: `server ${id}` });
  };
};

const perOperation = (intervalSecs: number): WaitFn => async (vim, id) => {
  for (;;) {
    await systemClock.sleep(intervalSecs * 1000);
    const server = await vim.getServer(scope, id);
    if (server?.status === 'ACTIVE') return;
    if (!server || server.status === 'ERROR') throw new Error(`server ${id}: ${server?.status ?? 'gone'}`);
  }
};

/** Creates `count` servers evenly over SPREAD_MS, calling `created` with each id and ACTIVE time. */
async function createSpread(vim: VimDriver, request: Omit<CreateServerRequest, 'name'>, count: number, created: (id: string, activeAt: number) => void): Promise<void> {
  const start = systemClock.now();
  for (let i = 0; i < count; i++) {
    const slot = start + (i * SPREAD_MS) / count;
    if (slot > systemClock.now()) await systemClock.sleep(slot - systemClock.now());
    const createdAt = systemClock.now();
    const server = await vim.createServer(scope, { ...request, name: `bench-${i}` });
    created(server.id, createdAt + BUILD_MS);
  }
}

/**
 * `together`: every wait starts once all servers exist (one phase for all waiters).
 * `staggered`: each wait starts as its server is created, as in a live manager (phases spread).
 */
type Arrival = 'together' | 'staggered';

async function measure(count: number, wait: WaitFn, arrival: Arrival) {
  const { driver: vim, calls, networkId, close } = await startBenchVim({ serverBuild: BUILD_MS });
  const image = await vim.findImage(scope, 'cirros');
  const request = { imageId: image?.id, flavorId: '1', portIds: [], networks: [{ networkId }], blockDevices: [], metadata: {}, tag: 'bench' };
  calls.clear();
  const delays: number[] = [];
  const waits: Promise<void>[] = [];
  const servers: { id: string; activeAt: number }[] = [];
  const start = systemClock.now();
  const startWait = (id: string, activeAt: number) =>
    waits.push(wait(vim, id).then(() => void delays.push(systemClock.now() - activeAt)));
  await createSpread(vim, request, count, (id, activeAt) => (arrival === 'staggered' ? startWait(id, activeAt) : servers.push({ id, activeAt })));
  for (const s of servers) startWait(s.id, s.activeAt);
  await Promise.all(waits);
  const wallMs = systemClock.now() - start;
  const reads = calls.list().filter((c) => c.service === 'compute' && c.method === 'GET' && c.path.startsWith('servers/'));
  await close();
  const list = reads.filter((c) => c.path === 'servers/detail').length;
  const get = reads.length - list;
  return { completed: delays.length, list, get, polls: list + get, delays, wallMs };
}

export async function benchPoller(opts: { count: number; intervalsSecs: number[] }): Promise<void> {
  const rows: string[][] = [];
  const ratios: string[] = [];
  const cases = (['together', 'staggered'] as const).flatMap((arrival) => opts.intervalsSecs.map((secs) => ({ arrival, secs })));
  for (const { arrival, secs } of cases) {
    const b = await measure(opts.count, batched(secs), arrival);
    const p = await measure(opts.count, perOperation(secs), arrival);
    const row = (label: string, r: typeof b) => [
      label, arrival, fmt(secs, 2), String(r.completed), String(r.list), String(r.get), fmt(r.polls / r.completed, 3),
      fmt(percentile(r.delays, 50), 0), fmt(percentile(r.delays, 99), 0), fmt(r.wallMs / 1000, 2),
    ];
    rows.push(row('batched Poller', b), row('per-operation GET', p));
    ratios.push(`${arrival}, ${secs} s: per-operation makes ${fmt(p.polls / b.polls, 0)}x the VIM calls of the batched Poller`);
  }
  printTable(
    `3. VIM calls per completed wait, ${opts.count} servers waited on at once, ACTIVE spread over ~${SPREAD_MS / 1000} s (in-process emulator serverBuild=${BUILD_MS} ms)`,
    ['poller', 'waits start', 'poll s', 'waits done', 'listServers', 'getServer', 'calls/wait', 'notice p50 ms', 'notice p99 ms', 'wall s'],
    rows,
    [...ratios, 'waits start: together = all 1,000 after the last create; staggered = each as its server is created (1,000 in flight by the end of the spread)',
      'wall s includes the ~2 s of creates; calls/wait = (listServers + getServer) / completed waits, GET servers/detail and GET servers/{id} as the driver sent them to the in-process emulator (OpenStack driver, no HTTP); notice = waiter resolved - server became ACTIVE (creation + serverBuild)',
      'staggered notice latency is fixed by construction (every server builds for serverBuild, so each waiter polls at the same offset from its ACTIVE moment): compare calls there, not notice'],
  );
}
