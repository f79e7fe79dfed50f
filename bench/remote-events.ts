/**
 * Benchmark 13 (issue 15 item 3): how long an event published by one manager takes to reach
 * another manager's bus on the same PostgreSQL. Two stores (two pools) in this process stand for
 * two managers, each bus following its store; manager A publishes, and the time from A's publish
 * call to B's cluster subscriber hearing the event is recorded (A's own cluster subscriber beside
 * it: what the tail costs a local publish). Rows: one publish at a time, and `inFlight` at once
 * (B then reads several per NOTIFY). Needs the local PostgreSQL (VNFM_TEST_POSTGRES_URL); without
 * one, a note says so.
 */
import type { DomainEvent } from '../src/domain/event.ts';
import { EventBus } from '../src/events/bus.ts';
import { vmAliveWithInterfaces } from '../src/events/testing/sample-events.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import { testDatabase } from '../src/store/postgres/testing/test-database.ts';
import { systemClock } from '../src/time/clock.ts';
import { fmt, percentile, printTable, runBounded } from './stats.ts';

export interface RemoteEventsOptions {
  events: number;
  inFlight: number;
}

export async function benchRemoteEvents(opts: RemoteEventsOptions): Promise<void> {
  const title = '13. remote event latency: published on manager A → heard on manager B (PostgreSQL, LISTEN/NOTIFY + read by seq)';
  const header = ['publishes in flight', 'events', 'B p50 ms', 'B p99 ms', 'A p50 ms', 'A p99 ms', 'B after A p50 ms', 'B after A p99 ms'];
  const database = await testDatabase();
  if (database.skip !== undefined) {
    printTable(title, header, [], [`not run: ${database.skip}`]);
    return;
  }
  const rows: string[][] = [];
  try {
    for (const inFlight of [1, opts.inFlight]) {
      const url = await database.db.freshSchemaUrl();
      const [a, b] = [await openPostgresStore(url), await openPostgresStore(url)];
      const [busA, busB] = [new EventBus({ store: a, clock: systemClock }), new EventBus({ store: b, clock: systemClock })];
      const stops = [await busA.follow(a), await busB.follow(b)];
      const started = new Map<string, number>();
      const heard = { a: [] as number[], b: [] as number[] };
      const heardAtA = new Map<string, number>();
      const heardAtB = new Map<string, number>();
      const waiting = new Map<string, () => void>();
      busA.subscribe((e) => {
        heardAtA.set(e.id, performance.now());
        heard.a.push(performance.now() - (started.get(e.id) ?? NaN));
      });
      busB.subscribe((e) => {
        heard.b.push(performance.now() - (started.get(e.id) ?? NaN));
        heardAtB.set(e.id, performance.now());
        waiting.get(e.id)?.();
      });
      try {
        await runBounded(opts.events, inFlight, async (i) => {
          const id = `bench-${inFlight}-${i}`;
          const atB = new Promise<void>((resolve) => waiting.set(id, resolve));
          started.set(id, performance.now());
          await busA.publish({ ...vmAliveWithInterfaces, id, seq: undefined } as DomainEvent);
          await atB;
        });
      } finally {
        for (const stop of stops) await stop();
        await Promise.all([a.close(), b.close()]);
      }
      // Signed: B may hear an event before A's own subscriber does (A fans out after its commit returns).
      const gap = [...heardAtB].map(([id, atB]) => atB - heardAtA.get(id)!);
      rows.push([String(inFlight), String(opts.events), fmt(percentile(heard.b, 50)), fmt(percentile(heard.b, 99)), fmt(percentile(heard.a, 50)), fmt(percentile(heard.a, 99)),
        fmt(percentile(gap, 50)), fmt(percentile(gap, 99))]);
    }
  } finally {
    await database.db.drop();
  }
  printTable(title, header, rows, [
    'from A’s publish call (its transaction and commit included) to the subscriber hearing the event',
    'A: the publishing manager’s own cluster subscriber (the next seq is fanned out at commit, without a read)',
    'B after A: per event, B hearing it after A did — what the NOTIFY and B’s read by seq add; the rest is the publish (its commit queue)',
  ]);
}
