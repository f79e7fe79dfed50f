/**
 * Issue 15 items 2–3 on a real PostgreSQL: two stores (two pools) on one schema stand for two
 * managers. Events either appends reach the other's bus in seq order, each once; callbacks either
 * enqueues are sent once by whichever claims them; a dead manager's claim is taken over once it
 * expires. Without a reachable PostgreSQL the file skips (under CI it fails).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import type { DomainEvent } from '../domain/event.ts';
import { message } from '../store/contract/fixtures.ts';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { testDatabase } from '../store/postgres/testing/test-database.ts';
import type { Store } from '../store/store.ts';
import { systemClock } from '../time/clock.ts';
import { EventBus } from './bus.ts';
import { CallbackOutbox } from './outbox.ts';
import { HttpReceiver } from './testing/http-receiver.ts';
import { vmAliveWithInterfaces } from './testing/sample-events.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());

const raised = (id: string): DomainEvent => ({ ...vmAliveWithInterfaces, id, seq: undefined });
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Two managers' stores on one fresh schema; closed after `fn`. */
async function twoManagers(fn: (a: Store, b: Store) => Promise<void>): Promise<void> {
  const url = await db!.freshSchemaUrl();
  const a = await openPostgresStore(url);
  const b = await openPostgresStore(url);
  try {
    await fn(a, b);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

/** Waits (real time, bounded only to fail instead of hanging) until `done` holds. */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const giveUp = Date.now() + 30_000;
  while (!(await done())) {
    if (Date.now() > giveUp) throw new Error(`not within 30 s: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('several managers on one PostgreSQL', { skip }, () => {
  test('issue 15 item 3: appends from two pools at once; a reader tailing by seq never skips one', async () => {
    await twoManagers(async (a, b) => {
      const total = 120;
      const writers = [a, b].map(async (store, w) => {
        for (let i = 0; i < total / 2; i += 6) {
          await Promise.all(range(6).map((k) => store.transaction((tx) => tx.appendEvent({ ...raised(`w${w}-${i + k}`), time: new Date().toISOString() }))));
        }
      });
      const seen: number[] = [];
      const reader = (async () => {
        while (seen.length < total) {
          const page = await a.listEvents({ afterSeq: seen.at(-1) ?? 0 });
          page.forEach((e, i) => assert.equal(e.seq, (seen.at(-1) ?? 0) + 1 + i, 'a read by seq starts right after the last one seen, no hole'));
          seen.push(...page.map((e) => e.seq ?? 0));
        }
      })();
      await Promise.all([...writers, reader]);
      assert.deepEqual(seen, range(total));
    });
  });

  test('issue 15 item 3: every event of either manager reaches both buses in seq order, each once; local subscribers hear their own', async () => {
    await twoManagers(async (a, b) => {
      const buses = [new EventBus({ store: a, clock: systemClock }), new EventBus({ store: b, clock: systemClock })];
      const unfollow = await Promise.all(buses.map((bus) => bus.follow(bus === buses[0] ? a : b)));
      const cluster: number[][] = [[], []];
      const local: string[][] = [[], []];
      buses.forEach((bus, i) => {
        bus.subscribe((e) => cluster[i]!.push(e.seq ?? -1));
        bus.subscribe((e) => local[i]!.push(e.id), { scope: 'local' });
      });
      try {
        // First only A publishes: B hears of it through the NOTIFY alone.
        for (const n of range(5)) await buses[0]!.publish(raised(`a-${n}`));
        await until(() => cluster[1]!.length === 5, 'B hears the events A published');
        // Then both at once, interleaved in the database.
        await Promise.all(buses.map((bus, i) => Promise.all(range(30).map((n) => bus.publish(raised(`${i}-${n}`))))));
        await until(() => cluster.every((heard) => heard.length >= 65), 'both hear all 65');
        // A late duplicate of an event already stored is not news.
        await buses[1]!.publish(raised('a-1'));
        await buses[0]!.publish(raised('last'));
        await until(() => cluster.every((heard) => heard.length >= 66), 'both hear the last');
        for (const heard of cluster) assert.deepEqual(heard, range(66), 'seq order, each once');
        assert.equal(local[0]!.length, 36);
        assert.ok(local[0]!.every((id) => id.startsWith('a-') || id.startsWith('0-') || id === 'last'));
        assert.deepEqual(local[1]!.length, 30, 'B published 30 new events (its duplicate is not one)');
      } finally {
        await Promise.all(unfollow.map((stop) => stop()));
      }
    });
  });

  test('issue 15 item 3: a manager whose LISTEN connection is cut reconnects and reads what it missed, in order', async () => {
    await twoManagers(async (a, b) => {
      const busA = new EventBus({ store: a, clock: systemClock });
      const busB = new EventBus({ store: b, clock: systemClock });
      const stop = await busB.follow(b);
      const heard: string[] = [];
      busB.subscribe((e) => heard.push(e.id));
      const admin = new pg.Client({ connectionString: db!.url });
      await admin.connect();
      try {
        await busA.publish(raised('before'));
        await until(() => heard.length === 1, 'B hears the first event');
        const cut = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'");
        assert.equal(cut.rowCount, 1, 'B’s one watch connection');
        for (const n of range(3)) await busA.publish(raised(`meanwhile-${n}`));
        await until(() => heard.length === 4, 'B hears what was appended while it reconnected');
        await busA.publish(raised('after'));
        await until(() => heard.length === 5, 'B hears on after the reconnect');
        assert.deepEqual(heard, ['before', 'meanwhile-1', 'meanwhile-2', 'meanwhile-3', 'after']);
      } finally {
        await admin.end();
        await stop();
      }
    });
  });

  test('issue 15 item 2: two managers send the callbacks they share once each, every order kept', async () => {
    const receiver = await HttpReceiver.start();
    try {
      await twoManagers(async (a, b) => {
        const ids: string[] = [];
        for (const n of range(40)) {
          const id = `m${n}`;
          ids.push(id);
          await (n % 2 ? a : b).enqueueOutbox(message(id, { url: receiver.url(), orderKey: `d${n % 4}`, nextAttemptAt: 0 }));
        }
        const outboxes = ['a', 'b'].map((owner, i) => new CallbackOutbox({
          store: i === 0 ? a : b,
          clock: systemClock,
          initialBackoffMs: 100,
          maxBackoffMs: 100,
          giveUpAfterMs: 60_000,
          timeoutMs: 5_000,
          claims: { owner: () => owner, leaseMs: 5_000, renewMs: 1_000 },
        }));
        outboxes.forEach((o) => o.start());
        try {
          await until(async () => (await a.listOutbox({ pending: true })).length === 0, 'every callback delivered');
        } finally {
          await Promise.all(outboxes.map((o) => o.stop()));
        }
        const sent = receiver.requests.map((r) => String(r.headers['esc-event-id']));
        assert.deepEqual([...sent].sort(), [...ids].sort(), 'each once');
        for (const key of range(4).map((k) => k % 4)) {
          const ofKey = ids.filter((_, i) => (i + 1) % 4 === key);
          assert.deepEqual(sent.filter((id) => ofKey.includes(id)), ofKey, `order d${key} kept`);
        }
      });
    } finally {
      await receiver.close();
    }
  });

  test('issue 15 item 2: a dead manager’s claim holds until it expires, then another manager sends the message', async () => {
    const receiver = await HttpReceiver.start();
    try {
      await twoManagers(async (a, b) => {
        await a.enqueueOutbox(message('m1', { url: receiver.url(), nextAttemptAt: 0 }));
        assert.equal((await a.claimOutbox('m1', 'dead', 60_000))?.id, 'm1');
        assert.equal(await b.claimOutbox('m1', 'alive', 60_000), undefined, 'held by another');
        await a.claimOutbox('m1', 'dead', 300); // the last renewal the dead manager made
        const outbox = new CallbackOutbox({
          store: b,
          clock: systemClock,
          initialBackoffMs: 100,
          maxBackoffMs: 100,
          giveUpAfterMs: 60_000,
          timeoutMs: 5_000,
          claims: { owner: () => 'alive', leaseMs: 300, renewMs: 100 },
        });
        outbox.start();
        try {
          await until(async () => (await b.listOutbox({ pending: true })).length === 0, 'taken over and delivered');
        } finally {
          await outbox.stop();
        }
        assert.deepEqual(receiver.eventIds, ['/events m1']);
        assert.equal((await b.listOutbox())[0]?.attempts, 1);
      });
    } finally {
      await receiver.close();
    }
  });

  test('issue 15: a backup leaves the claims out; the restored message is claimable at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openvnfm-claims-'));
    try {
      await twoManagers(async (a, b) => {
        await a.enqueueOutbox(message('m1'));
        await a.claimOutbox('m1', 'dead', 60_000);
        const path = join(dir, 'backup.sqlite');
        await a.backupInto(path);
        assert.deepStrictEqual(await a.listOutbox(), [message('m1')]);
        await b.restoreFrom(path);
        assert.equal((await b.claimOutbox('m1', 'alive', 60_000))?.id, 'm1');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
