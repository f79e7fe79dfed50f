/**
 * Which store the manager keeps its state in (issue 15): PostgreSQL when `database.url`
 * (`VNFM_DATABASE_URL`) names one, so several managers can share it; otherwise the SQLite file in
 * the data folder, the embedded default. The shared state (run-time settings, users, keys: item 4)
 * follows the same choice.
 */
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { localSharedState } from '../config/local-shared-state.ts';
import type { SharedState } from '../config/shared-state.ts';
import { errors, messageOf } from '../domain/errors.ts';
import { openPostgresSharedState, type SharedStateLog } from '../store/postgres/shared-state.ts';
import { openPostgresStore, redacted } from '../store/postgres/postgres-store.ts';
import type { Clock } from '../time/clock.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';

/** The PostgreSQL URL when one is configured. */
export function sharedDatabaseUrl(config: Config): string | undefined {
  return config.string('database.url').trim() || undefined;
}

export function openStore(config: Config, dataDir: string): Promise<Store> {
  const url = sharedDatabaseUrl(config);
  return url ? openPostgresStore(url) : openSqliteStore(join(dataDir, 'openvnfm.sqlite'));
}

/** The database's shared state when PostgreSQL is configured, else this manager's own. */
export async function openSharedState(o: { config: Config; dataDir: string; log: SharedStateLog; clock: Clock }): Promise<SharedState> {
  const url = sharedDatabaseUrl(o.config);
  if (!url) return localSharedState({ credentialFile: join(o.dataDir, 'credentials.json') });
  return openPostgresSharedState(url, { log: o.log, clock: o.clock }).catch((err: unknown) => {
    throw errors.databaseUnusable(redacted(url), messageOf(err), err);
  });
}
