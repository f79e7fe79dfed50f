/**
 * Moving a SQLite installation's whole state into PostgreSQL (`vnfm migrate`, issue 15 item 7).
 *
 * A target that a manager is using (a heartbeat in `instances` younger than `leaseSecs`) is refused,
 * `replace` or not, before anything is done to it, its schema included: the move would replace the
 * state under a running manager. Then the target's schema is brought to this code's. A target that
 * already holds state is refused unless `replace` is given. The source is then copied with the
 * SQLite store's own backup (`VACUUM INTO`: one consistent read, the source file left as it is) and
 * the copy goes in through
 * the PostgreSQL store's restore, given every table a backup holds (`backedUpTables`, so a table
 * added there moves too): one transaction that empties those tables first, so a failure leaves the
 * target as it was, and moves the event counter past the copied events, so new events continue
 * their seq. Last, every table is counted on both sides.
 *
 * The caller keeps managers off the source (the data folder's lock). Nothing keeps them off the
 * target during the move: a manager that starts on it after the check is not noticed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { errors, messageOf } from '../../domain/errors.ts';
import { backupInto } from '../sqlite/backup.ts';
import { backedUpTables, eventCounterOf, restoreFrom } from './backup.ts';
import { liveInstanceHosts } from './claims.ts';
import { openMigratedPool, redacted } from './postgres-store.ts';

/** One line of the verification: a table's rows (or the event counter) on each side. */
export interface CountCheck {
  name: string;
  sqlite: number;
  postgres: number;
  ok: boolean;
}

/** The name the event counter has among the table counts. */
export const eventCounterName = 'event counter';

export async function moveFromSqlite(o: { sqliteFile: string; url: string; replace: boolean; leaseSecs: number }): Promise<CountCheck[]> {
  if (!existsSync(o.sqliteFile)) throw errors.migrateSourceMissing(o.sqliteFile);
  await refuseLiveManagers(o.url, o.leaseSecs);
  const pool = await openMigratedPool(o.url);
  const dir = mkdtempSync(join(tmpdir(), 'openvnfm-migrate-'));
  try {
    if (!o.replace) await refuseHeldState(pool, o.url);
    const copyFile = join(dir, 'copy.sqlite');
    copySqlite(o.sqliteFile, copyFile);
    await restoreFrom(pool, copyFile, backedUpTables);
    return await compareCounts(pool, copyFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await pool.end();
  }
}

function copySqlite(source: string, copyFile: string): void {
  const db = new DatabaseSync(source);
  try {
    backupInto(db, copyFile);
  } finally {
    db.close();
  }
}

/** On a client of its own, before the pool migrates the schema: a refused move changes nothing. */
async function refuseLiveManagers(url: string, leaseSecs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  let hosts: string[];
  try {
    await client.connect();
    hosts = await liveInstanceHosts(client, leaseSecs);
  } catch (err) {
    throw errors.databaseUnusable(redacted(url), messageOf(err), err);
  } finally {
    await client.end().catch(() => undefined);
  }
  if (hosts.length > 0) throw errors.migrateTargetInUse(redacted(url), hosts, leaseSecs);
}

async function refuseHeldState(pool: pg.Pool, url: string): Promise<void> {
  const held = (await postgresCounts(pool)).filter(([, n]) => n > 0);
  if (held.length > 0) throw errors.migrateTargetNotEmpty(redacted(url), held.map(([name, n]) => `${name} ${n}`).join(', '));
}

/** Rows per table, and the event counter, of the PostgreSQL side. */
async function postgresCounts(pool: pg.Pool): Promise<[string, number][]> {
  const counts: [string, number][] = [];
  for (const table of backedUpTables) {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts.push([table, rows[0]!.n]);
  }
  const { rows } = await pool.query<{ seq: number }>('SELECT seq FROM event_counter');
  counts.push([eventCounterName, Number(rows[0]!.seq)]);
  return counts;
}

/**
 * Each table's rows must match. The counter must have reached the copy's: with `replace` over a
 * target whose counter was further on it stays there (seqs only move forward).
 */
async function compareCounts(pool: pg.Pool, copyFile: string): Promise<CountCheck[]> {
  const copy = new DatabaseSync(copyFile, { readOnly: true });
  try {
    return (await postgresCounts(pool)).map(([name, postgres]) => {
      const sqlite = name === eventCounterName ? eventCounterOf(copy) : Number(copy.prepare(`SELECT count(*) AS n FROM ${name}`).get()?.n);
      return { name, sqlite, postgres, ok: name === eventCounterName ? postgres >= sqlite : postgres === sqlite };
    });
  } finally {
    copy.close();
  }
}
