/**
 * Opens the SQLite file with the settings the store's guarantees rest on (IMPL-4):
 *
 * - `journal_mode=WAL`: readers never block the writer, and a commit is one append to the log.
 * - `synchronous=FULL`: every commit fsyncs the WAL before it returns. WAL with NORMAL already
 *   survives a killed process (SIGKILL, crash), but a power loss or kernel panic may drop the last
 *   commits; an operation we answered 202 for must not vanish that way, so we pay one fsync per
 *   commit. Transactions batch writes, which keeps the cost per operation step, not per row.
 * - `foreign_keys=ON`: VMs need their deployment, steps their operation.
 * - `busy_timeout=5000`: another process holding the write lock (an admin CLI) is waited for.
 */
import { DatabaseSync } from 'node:sqlite';

export function openConnection(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
