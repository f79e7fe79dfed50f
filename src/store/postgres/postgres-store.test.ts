import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { isDomainError } from '../../domain/errors.ts';
import { deployment, event, message, operation, snapshot, step, tenant, vm } from '../contract/fixtures.ts';
import { openSqliteStore } from '../sqlite/sqlite-store.ts';
import { storeContract } from '../store-contract.ts';
import type { Store } from '../store.ts';
import { migrate, migrations } from './migrations.ts';
import { openPostgresStore } from './postgres-store.ts';
import { testDatabase } from './testing/test-database.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());
const dir = mkdtempSync(join(tmpdir(), 'openvnfm-pg-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `copy-${++files}.sqlite`);

const freshStore = async () => openPostgresStore(await db!.freshSchemaUrl());

describe('PostgresStore', { skip }, () => {
  // Each case migrates a fresh schema (about 0.5 s on a loaded machine): the suite needs more than SQLite's bound.
  storeContract('postgres', freshStore, { timeoutMs: 120_000 });

  /** Everything a backup carries, in one comparable value. */
  async function contents(store: Store): Promise<unknown> {
    return [
      await store.listTenants(), await store.listDeployments(), await store.listVms(), await store.listOperations({}),
      await store.getSteps('o1'), await store.listEvents(), await store.listOutbox(), await store.listSnapshots(),
    ];
  }

  async function fill(store: Store): Promise<void> {
    await store.transaction(async (tx) => {
      await tx.putTenant(tenant('t1'));
      await tx.putDeployment(deployment('d1'));
      await tx.putVm(vm('v1', 'd1'));
      await tx.putOperation(operation('o1'));
      await tx.recordStep(step('o1', 1));
      await tx.appendEvent(event('e1', { restOnly: true }));
      await tx.appendEvent(event('e2'));
      await tx.enqueueOutbox(message('m1', { eventSeq: 2 }));
      await tx.putSnapshot(snapshot('s1', { xmlFile: '<x/>' }));
    });
  }

  describe('issue 15: the backup is the SQLite store’s format, both ways', () => {
    test('a PostgreSQL backup opens as a SQLite store with the same records', async () => {
      const path = freshPath();
      const source = await freshStore();
      try {
        await fill(source);
        const { schemaVersion } = await source.backupInto(path);
        assert.ok(schemaVersion >= 5);
        const copy = await openSqliteStore(path);
        try {
          assert.deepStrictEqual(await contents(copy), await contents(source));
        } finally {
          await copy.close();
        }
      } finally {
        await source.close();
      }
    });

    test('a SQLite backup restores into PostgreSQL; seqs go on from the restored ones', async () => {
      const path = freshPath();
      const sqlite = await openSqliteStore(freshPath());
      const target = await freshStore();
      try {
        await fill(sqlite);
        await sqlite.backupInto(path);
        await target.restoreFrom(path);
        assert.deepStrictEqual(await contents(target), await contents(sqlite));
        assert.equal((await target.appendEvent(event('e3'))).seq, 3);
        await target.putTenant(tenant('t2'));
        assert.deepEqual((await target.listTenants()).map((t) => t.name), ['t1', 't2'], 'a new row sorts after the restored ones');
      } finally {
        await sqlite.close();
        await target.close();
      }
    });
  });

  test('issue 15 item 7: a restore continues the copy’s event counter, also past events deleted from its end', async () => {
    const path = freshPath();
    const sqlite = await openSqliteStore(freshPath());
    const target = await freshStore();
    try {
      await fill(sqlite);
      assert.equal(await sqlite.deleteEventsBefore('9999-12-31T00:00:00.000Z'), 2);
      await sqlite.backupInto(path);
      await target.restoreFrom(path);
      assert.equal((await target.appendEvent(event('e3'))).seq, 3, 'seqs 1 and 2 were handed out on SQLite');
    } finally {
      await sqlite.close();
      await target.close();
    }
  });

  describe('issue 15 item 3: one event order for every manager on the database', () => {
    test('seqs are handed out in commit order: a later append waits for an open one, a reader never sees a gap', async () => {
      const url = await db!.freshSchemaUrl();
      const [a, b, reader] = await Promise.all([openPostgresStore(url), openPostgresStore(url), openPostgresStore(url)]);
      const watcher = new pg.Client({ connectionString: url });
      await watcher.connect();
      try {
        let release = () => {};
        const held = new Promise<void>((r) => (release = r));
        let appended = () => {};
        const first = new Promise<void>((r) => (appended = r));
        const slow = a.transaction(async (tx) => {
          const got = await tx.appendEvent(event('slow'));
          appended();
          await held;
          return got.seq;
        });
        await first;
        const fast = b.appendEvent(event('fast'));
        await waitUntilLockWaiters(watcher, 1);
        assert.deepEqual(await reader.listEvents(), [], 'nothing committed yet');
        release();
        const [slowSeq, fastSeq] = [await slow, (await fast).seq];
        assert.ok(slowSeq < fastSeq);
        assert.deepEqual((await reader.listEvents()).map((e) => [e.id, e.seq]), [['slow', slowSeq], ['fast', fastSeq]]);
      } finally {
        await watcher.end();
        await Promise.all([a.close(), b.close(), reader.close()]);
      }
    });

    test('60 appends at once, each in its own transaction as the event bus writes them, all land: seqs 1..60, no gap', async () => {
      const store = await freshStore();
      try {
        const ids = Array.from({ length: 60 }, (_, i) => `e${i}`);
        await Promise.all(ids.map((id) => store.transaction(async (tx) => (await tx.appendEvent(event(id))).seq)));
        const seqs = (await store.listEvents()).map((e) => e.seq).sort((x, y) => x! - y!);
        assert.deepEqual(seqs, ids.map((_, i) => i + 1));
      } finally {
        await store.close();
      }
    });

    test('managers opening one database together apply each migration once', async () => {
      const url = await db!.freshSchemaUrl();
      const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(url)));
      await Promise.all(stores.map((s) => s.close()));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows.map((r) => r.version), migrations.map((m) => m.version));
      } finally {
        await client.end();
      }
    });

    test('a migration that lands after later ones were applied is still applied, once', async () => {
      const url = await db!.freshSchemaUrl();
      const pool = new pg.Pool({ connectionString: url });
      try {
        const [first, ...rest] = migrations;
        const late = rest[0]!;
        await migrate(pool, [first!, ...rest.slice(1)]);
        assert.equal(await migrate(pool, migrations), migrations.at(-1)!.version);
        const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows.map((r) => r.version), migrations.map((m) => m.version));
        assert.ok(rows.some((r) => r.version === late.version));
      } finally {
        await pool.end();
      }
    });
  });

  test('issue 15: a transaction idle longer than idleInTransactionMs (its manager paused) is ended by the server and fails; the process does not', async () => {
    const store = await openPostgresStore(await db!.freshSchemaUrl(), { idleInTransactionMs: 300 });
    try {
      const ended = store.transaction(async (tx) => {
        await tx.putTenant(tenant('t1'));
        await new Promise((r) => setTimeout(r, 1_000));
        await tx.putTenant(tenant('t2'));
      });
      await assert.rejects(ended);
      assert.equal(await store.getTenant('t1'), undefined);
      await store.putTenant(tenant('t3'));
      assert.equal((await store.getTenant('t3'))?.name, 't3', 'the pool goes on with a fresh client');
    } finally {
      await store.close();
    }
  });

  test('a failure fn swallows still fails its transaction (PostgreSQL aborted it): that failure is answered, nothing kept', async () => {
    const store = await freshStore();
    try {
      await store.putOperation(operation('o1'));
      await store.recordStep(step('o1', 1));
      const swallowing = store.transaction(async (tx) => {
        await tx.putTenant(tenant('t1'));
        await tx.recordStep(step('o1', 1)).catch(() => undefined);
        return 'looked fine';
      });
      await assert.rejects(swallowing, (err) => isDomainError(err, 'ALREADY_EXISTS'));
      assert.equal(await store.getTenant('t1'), undefined);
    } finally {
      await store.close();
    }
  });

  test('an unreachable database is one clear error, without the password', async () => {
    await assert.rejects(openPostgresStore('postgres://u:secret@127.0.0.1:1/none'), (err) => {
      assert.ok(isDomainError(err, 'INTERNAL'));
      assert.match(err.message, /^cannot use the database at postgres:\/\/u:\*\*\*\*@127\.0\.0\.1:1\/none/);
      assert.doesNotMatch(err.message, /secret/);
      return true;
    });
  });
});

/** Polls (no clock involved) until `count` sessions of this database wait for a lock. */
async function waitUntilLockWaiters(client: pg.Client, count: number): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if ((rows[0]?.n ?? 0) >= count) return;
  }
}
