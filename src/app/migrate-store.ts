/**
 * `vnfm migrate` (issue 15 item 7): moves the state a manager kept in the SQLite store of a data
 * folder into a PostgreSQL database. It holds the folder's lock while it copies, so it is refused
 * while a manager runs there, and no manager starts there before the move is done. Managers running
 * on the target database are judged by the folder's `ha.lease.secs`, the lease the moved manager
 * will run with.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errors } from '../domain/errors.ts';
import { moveFromSqlite, type CountCheck } from '../store/postgres/move-from-sqlite.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { sqliteFileName } from './open-store.ts';
import { startConfig } from './start-config.ts';

export type { CountCheck };
export { eventCounterName } from '../store/postgres/move-from-sqlite.ts';

/** The counts of every table on both sides once moved; refusals are catalogue errors (CONFLICT, INVALID_INPUT). */
export async function migrateToPostgres(o: { dataDir: string; url: string; replace: boolean }): Promise<CountCheck[]> {
  const dataDir = resolve(o.dataDir);
  const sqliteFile = join(dataDir, sqliteFileName);
  if (!existsSync(sqliteFile)) throw errors.migrateSourceMissing(sqliteFile);
  const lock = lockDataDir(dataDir);
  try {
    return await moveFromSqlite({ sqliteFile, url: o.url, replace: o.replace, leaseSecs: startConfig(dataDir, {}).config.number('ha.lease.secs') });
  } finally {
    lock.release();
  }
}
