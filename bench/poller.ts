/**
 * Benchmark 3: VIM API calls per completed wait with 1,000 operations waiting at once — the real
 * batched `Poller` (one listServers per cycle for every due waiter) against a per-operation
 * baseline written here (each waiter sleeps one interval and GETs its own server, the pattern the
 * Poller replaces). Servers are created over ~2 s in a MemoryDriver with a fixed buildMs, so they
 * become ACTIVE spread over ~2 s after all waits have started; "notice latency" is the time from a
 * server's ACTIVE moment (creation + buildMs) to its waiter resolving, at the same poll interval.
 */
import { Config } from '../src/config/config.ts';
import { Poller } from '../src/engine/runtime/poller.ts';
import { systemClock } from '../src/time/clock.ts';
import type { Scope, VimDriver } from '../src/vim/driver.ts';
import { MemoryDriver } from '../src/vim/memory/memory-driver.ts';
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
async function createSpread(vim: MemoryDriver, count: number, created: (id: string, activeAt: number) => void): Promise<void> {
  const start = systemClock.now();
  for (let i = 0; i < count; i++) {
    const slot = start + (i * SPREAD_MS) / count;
    if (slot > systemClock.now()) await systemClock.sleep(slot - systemClock.now());
    const createdAt = systemClock.now();
    const server = await vim.createServer(scope, { name: `bench-${i}`, flavorId: '1', portIds: [], blockDevices: [], metadata: {}, tag: 'bench' });
    created(server.id, createdAt + BUILD_MS);
  }
}

/**
 * `together`: every wait starts once all servers exist (one phase for all waiters).
 * `staggered`: each wait starts as its server is created, as in a live manager (phases spread).
 */
type Arrival = 'together' | 'staggered';

async function measure(count: number, wait: WaitFn, arrival: Arrival) {
  const vim = new MemoryDriver({ clock: systemClock, buildMs: BUILD_MS });
  const delays: number[] = [];
  const waits: Promise<void>[] = [];
  const servers: { id: string; activeAt: number }[] = [];
  const start = systemClock.now();
  const startWait = (id: string, activeAt: number) =>
    waits.push(wait(vim, id).then(() => void delays.push(systemClock.now() - activeAt)));
  await createSpread(vim, count, (id, activeAt) => (arrival === 'staggered' ? startWait(id, activeAt) : servers.push({ id, activeAt })));
  for (const s of servers) startWait(s.id, s.activeAt);
  await Promise.all(waits);
  const wallMs = systemClock.now() - start;
  const callsOf = (verb: string) => vim.calls.get(verb) ?? 0;
  const polls = callsOf('listServers') + callsOf('getServer');
  return { completed: delays.length, list: callsOf('listServers'), get: callsOf('getServer'), polls, delays, wallMs };
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
    `3. VIM calls per completed wait, ${opts.count} servers waited on at once, ACTIVE spread over ~${SPREAD_MS / 1000} s (MemoryDriver buildMs=${BUILD_MS})`,
    ['poller', 'waits start', 'poll s', 'waits done', 'listServers', 'getServer', 'calls/wait', 'notice p50 ms', 'notice p99 ms', 'wall s'],
    rows,
    [...ratios, 'waits start: together = all 1,000 after the last create; staggered = each as its server is created (1,000 in flight by the end of the spread)',
      'wall s includes the ~2 s of creates; calls/wait = (listServers + getServer) / completed waits, from MemoryDriver.calls; notice = waiter resolved - server became ACTIVE (creation + buildMs)',
      'staggered notice latency is fixed by construction (every server builds for buildMs, so each waiter polls at the same offset from its ACTIVE moment): compare calls there, not notice'],
  );
}
