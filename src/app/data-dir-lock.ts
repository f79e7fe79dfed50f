/**
 * The data folder's lock: one manager (or one `vnfm migrate`) at a time per data folder.
 *
 * `<data.dir>/manager.lock` is a SQLite file held in EXCLUSIVE locking mode for as long as its
 * holder runs: the lock is the operating system's (a POSIX record lock SQLite takes on the file),
 * so it goes away with the process however it ends, SIGKILL included, and a crashed manager never
 * blocks the next start. SQLite also tracks its locks across the connections of one process, so a
 * second manager started in the same process is refused as well. The file itself stays in place:
 * it is the lock, not its content, that says "in use".
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { errors, messageOf } from '../domain/errors.ts';

export const lockFileName = 'manager.lock';

/** The open lock files: a collected connection is closed, and with it the lock, so they are kept reachable here. */
const held = new Set<DatabaseSync>();

export interface DataDirLock {
  /** Gives the lock back; safe to call twice. */
  release(): void;
}

/** Takes the lock of `dataDir` (which exists), or throws `dataDirInUse` at once: it never waits. */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, lockFileName);
  const db = new DatabaseSync(file, { timeout: 0 });
  try {
    // The first write transaction takes the EXCLUSIVE lock; in this mode it is kept after COMMIT.
    // Nothing is ever written, so its journal stays in memory: no second file beside it.
    db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY; BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    db.close();
    throw /locked|busy/i.test(messageOf(err)) ? errors.dataDirInUse(dataDir, file) : err;
  }
  held.add(db);
  return {
    release: () => {
      held.delete(db);
      if (db.isOpen) db.close();
    },
  };
}
