/**
 * Which store the manager keeps its state in (issue 15): PostgreSQL when `database.url`
 * (`VNFM_DATABASE_URL`) names one, so several managers can share it; otherwise the SQLite file in
 * the data folder, the embedded default.
 */
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';

/** The SQLite store's file in the data folder. */
export const sqliteFileName = 'openvnfm.sqlite';

/** The PostgreSQL URL when one is configured. */
export function sharedDatabaseUrl(config: Config): string | undefined {
  return config.string('database.url').trim() || undefined;
}

export function openStore(config: Config, dataDir: string): Promise<Store> {
  const url = sharedDatabaseUrl(config);
  return url ? openPostgresStore(url) : openSqliteStore(join(dataDir, sqliteFileName));
}
