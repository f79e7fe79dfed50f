/**
 * Which store the manager keeps its state in (issue 15): PostgreSQL when `database.url`
 * (`VNFM_DATABASE_URL`) names one, so several managers can share it; otherwise the SQLite file in
 * the data folder, the embedded default.
 */
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Claims } from '../store/claims.ts';
import { postgresClaims } from '../store/postgres/claims.ts';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';

/** The PostgreSQL URL when one is configured. */
export function sharedDatabaseUrl(config: Config): string | undefined {
  return config.string('database.url').trim() || undefined;
}

/** The store, and with PostgreSQL the claims by which the managers sharing it split the work (issue 15). */
export async function openStore(config: Config, dataDir: string): Promise<{ store: Store; claims?: Claims }> {
  const url = sharedDatabaseUrl(config);
  if (!url) return { store: await openSqliteStore(join(dataDir, 'openvnfm.sqlite')) };
  const leaseSecs = config.number('ha.lease.secs');
  // Any transaction of a manager paused past its lease ends with the lease (not only fenced writes):
  // an unfenced one holding the event counter's lock would otherwise stall every other manager.
  const store = await openPostgresStore(url, { idleInTransactionMs: leaseSecs * 1000 });
  try {
    return { store, claims: postgresClaims(store, url, { heartbeatSecs: config.number('ha.heartbeat.secs'), leaseSecs }) };
  } catch (err) {
    await store.close();
    throw err;
  }
}
