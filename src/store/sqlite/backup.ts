/**
 * Backup and restore of the whole SQLite database (`escadm backup|restore`).
 *
 * Backup is `VACUUM INTO`: SQLite writes a compact, consistent copy as of one read transaction, so
 * no half-written operation is in it. Restore checks the copy (`quick_check`), brings it to this
 * code's schema with the ordinary migrations, ATTACHes it and, in one transaction with foreign keys
 * checked at commit, empties every table of ours and fills it from the copy: a failure anywhere
 * leaves the live database as it was. Left out: `schema_migrations` (both are at this version by
 * then), `sqlite_sequence` (SQLite keeps it at least the highest restored event seq, so seqs only
 * grow) and `admin_state` (the mode stays MAINTENANCE across a restore, as on ESC since 4.4).
 */
import { DatabaseSync } from 'node:sqlite';
import { errors, isDomainError, messageOf } from '../../domain/errors.ts';
import { migrate } from './migrations.ts';

const keptLive = ['schema_migrations', 'sqlite_sequence', 'admin_state'];

export function backupInto(db: DatabaseSync, path: string): { schemaVersion: number } {
  db.prepare('VACUUM INTO ?').run(path);
  return { schemaVersion: schemaVersionOf(db) };
}

export function restoreFrom(db: DatabaseSync, path: string): void {
  prepareCopy(path);
  db.prepare('ATTACH DATABASE ? AS backup').run(path);
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec('PRAGMA defer_foreign_keys = ON');
      for (const table of tablesOf(db)) {
        const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
        db.exec(`DELETE FROM main."${table}"`);
        db.exec(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM backup."${table}"`);
      }
      db.exec('COMMIT');
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    db.exec('DETACH DATABASE backup');
  }
}

/** Checks the copy and migrates it to this schema, so every table and column of ours is in it. */
export function prepareCopy(path: string): void {
  let copy: DatabaseSync;
  try {
    copy = new DatabaseSync(path);
  } catch (err) {
    throw errors.backupDatabaseInvalid(messageOf(err));
  }
  try {
    const check = (() => {
      try {
        return String(copy.prepare('PRAGMA quick_check').get()?.quick_check);
      } catch (err) {
        return messageOf(err);
      }
    })();
    if (check !== 'ok') throw errors.backupDatabaseInvalid(check);
    try {
      migrate(copy);
    } catch (err) {
      throw isDomainError(err) ? err : errors.backupDatabaseInvalid(messageOf(err));
    }
  } finally {
    copy.close();
  }
}

function tablesOf(db: DatabaseSync): string[] {
  const rows = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return rows.map((r) => r.name).filter((name) => !keptLive.includes(name));
}

function schemaVersionOf(db: DatabaseSync): number {
  return Number(db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get()?.v);
}
