/**
 * A real SQLite store in a fresh temp directory for events tests; `reopen` closes and opens the
 * same file, which is what a process restart looks like to the outbox. `parent` is where the
 * directory is made (the system's temp folder unless a caller prefers, e.g., a memory-backed one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { Store } from '../../store/store.ts';

export interface TempStore {
  store: Store;
  reopen(): Promise<Store>;
  dispose(): Promise<void>;
}

export async function openTempStore(parent = tmpdir()): Promise<TempStore> {
  const dir = mkdtempSync(join(parent, 'openvnfm-events-'));
  const path = join(dir, 'vnfm.db');
  const handle: TempStore = {
    store: await openSqliteStore(path),
    async reopen() {
      await handle.store.close();
      handle.store = await openSqliteStore(path);
      return handle.store;
    },
    async dispose() {
      await handle.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
