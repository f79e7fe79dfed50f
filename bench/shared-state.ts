/**
 * Benchmark 15 (issue 15 item 4): how soon a change made on one manager is in force on another of
 * the same PostgreSQL — a run-time setting (`PATCH /admin/settings` on A until B's configuration
 * reads the value), the REST user (`PUT /admin/rest-user` on A until B holds the new user; its
 * scrypt hash is part of the PUT's time, not of the propagation), the operation mode
 * (`PUT /admin/op_mode` on A until B's maintenance gate sees it). Two managers in one process on
 * the benchmark VIM; the time runs from A's answer to B's first read that shows the change, B read
 * at every turn of the event loop. Skipped with a note without a PostgreSQL.
 */
import type { Manager } from '../src/app/manager.ts';
import { startManager } from '../src/app/manager.ts';
import { testDatabase } from '../src/store/postgres/testing/test-database.ts';
import { tempDataDir } from '../test/support/manager.ts';
import { benchPolling, startBenchVim } from './harness.ts';
import { fmt, percentile, printTable } from './stats.ts';

const title = 'Benchmark 15: shared state between two managers on one PostgreSQL — from A\'s answer to B in force (ms)';

/** Resolves once `seen()` holds, checked at every turn of the event loop; its time from `since`. */
async function until(seen: () => boolean, since: number, limitMs = 10_000): Promise<number> {
  while (!seen()) {
    if (performance.now() - since > limitMs) throw new Error('not propagated within the limit');
    await new Promise((resolve) => setImmediate(resolve));
  }
  return performance.now() - since;
}

async function send(m: Manager, method: string, path: string, body: object): Promise<number> {
  const res = await fetch(`${m.url}/ESCManager/v0${path}`, { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now();
}

export async function benchSharedState(opts: { settings: number; users: number; modes: number }): Promise<void> {
  const { db, skip } = await testDatabase();
  if (!db) return printTable(title, ['change'], [], [`not run: ${skip}`]);
  const vim = await startBenchVim();
  const start = () => startManager({ logger: false, vim: vim.driver, settings: { ...benchPolling(), 'data.dir': tempDataDir(), 'database.url': db.url } });
  const a = await start();
  const b = await start();
  try {
    const settings: number[] = [];
    for (let i = 0; i < opts.settings; i++) {
      const value = String(10 + (i % 50));
      const answered = await send(a, 'PATCH', '/admin/settings', { 'vim.requests.inflight': value });
      settings.push(await until(() => b.config.string('vim.requests.inflight') === value, answered));
    }
    const users: number[] = [];
    for (let i = 0; i < opts.users; i++) {
      const username = `orch${i}`;
      const answered = await send(a, 'PUT', '/admin/rest-user', { username, password: 's3cret' });
      users.push(await until(() => b.credentials.username('rest') === username, answered));
    }
    const modes: number[] = [];
    for (let i = 0; i < opts.modes; i++) {
      const mode = i % 2 === 0 ? 'MAINTENANCE' : 'OPERATION';
      const answered = await send(a, 'PUT', '/admin/op_mode', { mode });
      modes.push(await until(() => b.admin.opMode() === mode, answered));
    }
    const row = (label: string, samples: number[]) => [label, String(samples.length), fmt(percentile(samples, 50), 2), fmt(percentile(samples, 99), 2), fmt(percentile(samples, 100), 2)];
    printTable(title, ['change', 'n', 'p50', 'p99', 'max'], [row('run-time setting', settings), row('REST user', users), row('operation mode', modes)], [
      'each: NOTIFY at the writing statement\'s commit, heard on B\'s dedicated connection, then one read of that part',
      'near 0: B had it in force before A\'s answer reached the client',
    ]);
  } finally {
    await b.close();
    await a.close();
    await db.drop();
  }
}
