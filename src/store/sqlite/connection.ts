/**
 * Opens the SQLite file with the settings the store's guarantees rest on (IMPL-4):
 *
 * - `journal_mode=WAL`: readers never block the writer, and a commit is one append to the log.
 * - `synchronous=NORMAL`: a commit appends to the WAL without an fsync. That already survives a
 *   killed process (SIGKILL, crash); against a power loss or kernel panic the store answers no
 *   commit before the group commit (`group-commit.ts`) has fsynced the WAL past it, one fsync
 *   shared by every commit made meanwhile and run off the event loop (issue 14), where `FULL` paid
 *   one fsync per commit with the event loop stopped. SQLite still syncs the WAL before each
 *   checkpoint, so the database file never holds what the WAL lost.
 * - `foreign_keys=ON`: VMs need their deployment, steps their operation.
 * - `busy_timeout=5000`: another process holding the write lock (an admin CLI) is waited for.
 */
import { DatabaseSync } from 'node:sqlite';

export function openConnection(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
