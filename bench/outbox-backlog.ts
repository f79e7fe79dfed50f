/**
 * Benchmark 16 (issue 14): a callback receiver that is down. Its backlog of pending callbacks, one
 * per deployment and each backing off, stays in the outbox; every new event enqueues one more and
 * wakes the outbox, whose scan reads the pending messages to find a head it may send. The figure is
 * the CPU one such wake costs at each backlog size, in a store on tmpfs (SQLite, as the manager
 * keeps it). Before the scan read light rows from an index of the pending messages alone, it sorted
 * every pending message for each page of 100: 240 ms a wake at 2,000 pending.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CallbackOutbox } from '../src/events/outbox.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { OutboxMessage } from '../src/store/store.ts';
import { systemClock } from '../src/time/clock.ts';
import { fmt, printTable } from './stats.ts';

const deadUrl = 'http://127.0.0.1:9/callbacks';
const body = JSON.stringify({ event: 'x'.repeat(1500) });
const headers = { 'content-type': 'application/json', 'esc-status-code': '200', 'esc-status-message': 'Service Deployed' };

function waiting(id: string, deployment: string, nextAttemptAt: number): OutboxMessage {
  return { id, url: deadUrl, orderKey: `deployment:${deployment}`, headers, body, attempts: 3, nextAttemptAt, createdAt: new Date().toISOString() };
}

async function costPerWake(dataRoot: string, backlog: number, wakes: number): Promise<{ cpuMs: number; posts: number }> {
  const dir = mkdtempSync(join(dataRoot, 'openvnfm-bench-backlog-'));
  const store = await openSqliteStore(join(dir, 'db.sqlite'));
  const later = Date.now() + 3_600_000;
  let posts = 0;
  const outbox = new CallbackOutbox({
    store,
    clock: systemClock,
    timeoutMs: 1000,
    initialBackoffMs: 1000,
    maxBackoffMs: 60_000,
    giveUpAfterMs: 86_400_000,
    post: async () => {
      posts++;
      throw new Error('connection refused');
    },
  });
  try {
    for (let i = 0; i < backlog; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, backlog - i) }, (_, j) => store.enqueueOutbox(waiting(`old-${i + j}`, `d${i + j}`, later))));
    }
    outbox.start();
    await outbox.drain(60_000);
    const cpu = process.cpuUsage();
    for (let i = 0; i < wakes; i++) {
      // An event of a deployment whose head backs off: it waits behind it.
      await store.enqueueOutbox(waiting(`new-${i}`, `d${i % Math.max(backlog, 1)}`, Date.now()));
      await outbox.drain(60_000);
    }
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000 / wakes, posts };
  } finally {
    await outbox.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchOutboxBacklog(opts: { backlogs: number[]; wakes: number; dataRoot: string }): Promise<void> {
  const rows: string[][] = [];
  for (const backlog of opts.backlogs) {
    const r = await costPerWake(opts.dataRoot, backlog, opts.wakes);
    rows.push([String(backlog), String(opts.wakes), fmt(r.cpuMs, 2), fmt((r.cpuMs * 1000) / Math.max(backlog, 1), 2), String(r.posts)]);
  }
  printTable(
    '16. Callback backlog of a receiver that is down: CPU of one outbox wake (enqueue + scan) by pending messages in backoff, SQLite on tmpfs',
    ['pending in backoff', 'wakes', 'CPU ms/wake', 'CPU us per pending', 'POSTs sent'],
    rows,
    [
      'each wake enqueues an event of a deployment whose head backs off and waits until the outbox is idle again: nothing may be sent, so the scan reads the whole backlog',
      'the scan reads light rows (seq, id, URL, order, next attempt) from the outbox_pending index; before issue 14 it sorted every pending message for each page of 100: 240 ms a wake at 2,000 pending',
      'POSTs sent: 0 expected (every head backs off; a message behind its head is never sent before it)',
    ],
  );
}
