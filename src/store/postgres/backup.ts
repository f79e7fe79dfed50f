/**
 * Backup and restore of the PostgreSQL store in the one portable format of `escadm backup`: a
 * SQLite file with the SQLite store's schema (its migrations make it), so a backup of either store
 * restores into either.
 *
 * Backup reads every table from one REPEATABLE READ snapshot (no half-written operation is in it;
 * writers do not wait) through a cursor, into the new file in one SQLite transaction. Restore
 * checks and migrates the copy as the SQLite store does, then in one PostgreSQL transaction empties
 * our tables and fills them from it, parents first: a failure anywhere leaves the database as it was.
 * Only the columns both schemas have are copied: PostgreSQL's own (the outbox's claims) are
 * not in a backup, and a restored message starts unclaimed.
 * Left as they are, as by the SQLite store: `schema_migrations` and `admin_state` (the mode stays
 * MAINTENANCE across a restore). The event counter and the identity sequences only move forward, so
 * a seq already handed out is never handed out again.
 */
import { existsSync, rmSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type pg from 'pg';
import { prepareCopy } from '../sqlite/backup.ts';
import { migrate as migrateSqlite } from '../sqlite/migrations.ts';

/** Our tables, parents before children (the foreign keys are checked row by row). */
const restored = ['tenants', 'deployments', 'vms', 'operations', 'steps', 'events', 'outbox', 'snapshots'];
const backedUp = [...restored, 'admin_state'];
const batchRows = 500;

export async function backupInto(pool: pg.Pool, path: string): Promise<{ schemaVersion: number }> {
  if (existsSync(path)) throw new Error(`backup file ${path} already exists`);
  const db = new DatabaseSync(path);
  const client = await pool.connect();
  try {
    const schemaVersion = migrateSqlite(db);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    db.exec('BEGIN');
    for (const table of backedUp) await copyOut(client, db, table);
    db.exec('COMMIT');
    await client.query('COMMIT');
    return { schemaVersion };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    db.close();
    rmSync(path, { force: true });
    throw err;
  } finally {
    client.release();
    if (db.isOpen) db.close();
  }
}

export async function restoreFrom(pool: pg.Pool, path: string): Promise<void> {
  prepareCopy(path);
  const copy = new DatabaseSync(path, { readOnly: true });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const table of [...restored].reverse()) await client.query(`DELETE FROM ${table}`);
    for (const table of restored) await copyIn(client, copy, table);
    await client.query(
      `UPDATE event_counter SET seq = GREATEST(seq, (SELECT COALESCE(MAX(seq), 0) FROM events)),
        time = GREATEST(time, (SELECT COALESCE(MAX(time), '') FROM events))`,
    );
    // Last, just before COMMIT: setval is not undone by a rollback, and only ever moves forward here.
    for (const table of restored) await advanceIdentity(client, table);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
    copy.close();
  }
}

interface Column {
  name: string;
  type: string;
}

/** The table's columns that the SQLite file's table has too, in PostgreSQL's order. */
async function columnsOf(client: pg.PoolClient, table: string, file: DatabaseSync): Promise<Column[]> {
  const { rows } = await client.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const inFile = new Set(file.prepare(`SELECT name FROM pragma_table_info(?)`).all(table).map((c) => String(c.name)));
  return rows.filter((c) => inFile.has(c.name));
}

/** PostgreSQL's values as SQLite stores them: documents as text, booleans as 0/1. */
function asSqlite(column: Column): string {
  if (column.type === 'json') return `${column.name}::text`;
  if (column.type === 'boolean') return `${column.name}::int`;
  return column.name;
}

async function copyOut(client: pg.PoolClient, db: DatabaseSync, table: string): Promise<void> {
  const columns = await columnsOf(client, table, db);
  const names = columns.map((c) => c.name);
  const insert = db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT ${columns.map(asSqlite).join(', ')} FROM ${table}`);
  for (;;) {
    const { rows } = await client.query<Record<string, SQLInputValue>>(`FETCH ${batchRows} FROM backup_rows`);
    for (const row of rows) insert.run(...names.map((n) => row[n] ?? null));
    if (rows.length < batchRows) break;
  }
  await client.query('CLOSE backup_rows');
}

async function copyIn(client: pg.PoolClient, copy: DatabaseSync, table: string): Promise<void> {
  const names = (await columnsOf(client, table, copy)).map((c) => c.name);
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch.map((_, r) => `(${names.map((_, c) => `$${r * names.length + c + 1}`).join(', ')})`);
    await client.query(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${values.join(', ')}`, batch.flat());
    batch = [];
  };
  for (const row of copy.prepare(`SELECT ${names.join(', ')} FROM ${table} ORDER BY rowid`).iterate()) {
    batch.push(names.map((n) => row[n]));
    if (batch.length === batchRows) await flush();
  }
  await flush();
}

async function advanceIdentity(client: pg.PoolClient, table: string): Promise<void> {
  const { rows } = await client.query<{ s: string | null }>(`SELECT pg_get_serial_sequence($1, 'seq') AS s`, [table]);
  const sequence = rows[0]?.s;
  if (!sequence) return;
  await client.query(`SELECT setval('${sequence}', GREATEST((SELECT COALESCE(MAX(seq), 0) FROM ${table}), (SELECT last_value FROM ${sequence})))`);
}

