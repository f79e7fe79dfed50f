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
import type { Claims } from '../store/claims.ts';
import { postgresClaims } from '../store/postgres/claims.ts';
import { openPostgresSharedState, type SharedStateLog } from '../store/postgres/shared-state.ts';
import { openPostgresStore, redacted } from '../store/postgres/postgres-store.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import type { StoreTiming } from '../store/store-timing.ts';
import type { Clock } from '../time/clock.ts';

/** The SQLite store's file in the data folder. */
export const sqliteFileName = 'openvnfm.sqlite';

/** The PostgreSQL URL when one is configured. */
export function sharedDatabaseUrl(config: Config): string | undefined {
  return config.string('database.url').trim() || undefined;
}

/** What the manager keeps its state in: the store, its claims (PostgreSQL) and the shared state. */
export interface Storage {
  store: Store;
  /** With PostgreSQL: how the managers sharing it split the work (issue 15). */
  claims?: Claims;
  shared: SharedState;
  /** The PostgreSQL URL, when the store is shared with other managers. */
  sharedUrl?: string;
}

/**
 * Opens the store, then the shared state on it (with PostgreSQL, on the store's pool: the schema
 * is migrated once, by the store). A failure closes what was opened; on success the caller closes
 * both, the shared state first.
 */
export async function openStorage(o: { config: Config; dataDir: string; log: SharedStateLog; clock: Clock; timing: StoreTiming }): Promise<Storage> {
  const url = sharedDatabaseUrl(o.config);
  const file = join(o.dataDir, 'credentials.json');
  if (!url) return { store: await openSqliteStore(join(o.dataDir, sqliteFileName), { timing: o.timing }), shared: localSharedState({ credentialFile: file }) };
  // `ha.*` and `database.url` take effect at a restart only: the run-time settings, read from the
  // shared state opened next, cannot change them.
  const leaseSecs = o.config.number('ha.lease.secs');
  // Any transaction of a manager paused past its lease ends with the lease (not only fenced writes):
  // an unfenced one holding the event counter's lock would otherwise stall every other manager.
  const store = await openPostgresStore(url, { idleInTransactionMs: leaseSecs * 1000, timing: o.timing });
  try {
    const claims = postgresClaims(store, url, { heartbeatSecs: o.config.number('ha.heartbeat.secs'), leaseSecs });
    const state = await openPostgresSharedState(url, store.sql, { log: o.log, clock: o.clock }).catch((err: unknown) => {
      throw errors.databaseUnusable(redacted(url), messageOf(err), err);
    });
    return { store, claims, shared: { ...state, credentials: seeded(state.credentials, credentialFile(file)) }, sharedUrl: url };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/**
 * The database's users, which the first manager up offers from its own credential file when it has
 * one (as it offers its keys), so a manager moved onto PostgreSQL keeps its users.
 */
function seeded(database: CredentialStore, file: CredentialStore): CredentialStore {
  return { ...database, create: async (text) => database.create((await file.read()) ?? text) };
}
