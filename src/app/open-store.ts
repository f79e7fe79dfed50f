/**
 * Which store the manager keeps its state in (issue 15): PostgreSQL when `database.url`
 * (`VNFM_DATABASE_URL`) names one, so several managers can share it; otherwise the SQLite file in
 * the data folder, the embedded default. The shared state (run-time settings, users, keys: item 4)
 * follows the same choice.
 */
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { credentialFile, localSharedState } from '../config/local-shared-state.ts';
import type { CredentialStore, SharedState } from '../config/shared-state.ts';
import { errors, messageOf } from '../domain/errors.ts';
import { openPostgresSharedState, type SharedStateLog } from '../store/postgres/shared-state.ts';
import { openPostgresStore, redacted } from '../store/postgres/postgres-store.ts';
import type { Clock } from '../time/clock.ts';
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

/** The database's shared state when PostgreSQL is configured, else this manager's own. */
export async function openSharedState(o: { config: Config; dataDir: string; log: SharedStateLog; clock: Clock }): Promise<SharedState> {
  const url = sharedDatabaseUrl(o.config);
  const file = join(o.dataDir, 'credentials.json');
  if (!url) return localSharedState({ credentialFile: file });
  const state = await openPostgresSharedState(url, { log: o.log, clock: o.clock }).catch((err: unknown) => {
    throw errors.databaseUnusable(redacted(url), messageOf(err), err);
  });
  return { ...state, credentials: seeded(state.credentials, credentialFile(file)) };
}

/**
 * The database's users, which the first manager up offers from its own credential file when it has
 * one (as it offers its keys), so a manager moved onto PostgreSQL keeps its users.
 */
function seeded(database: CredentialStore, file: CredentialStore): CredentialStore {
  return { ...database, create: async (text) => database.create((await file.read()) ?? text) };
}
