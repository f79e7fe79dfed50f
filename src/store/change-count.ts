/**
 * A store that counts its changes: any implementation, wrapped once by the composition root, so
 * every writer goes through it. An edge may keep answers it rendered from the store for as long as
 * `version()` has not moved (issue 14: a repeated GET costs no store read and no rendering).
 *
 * The count moves once a write has settled (committed, or refused and rolled back: a change
 * counted that did not happen costs one cache miss, never a stale answer). A reader that takes the
 * version BEFORE it reads therefore never files old data under a newer version.
 *
 * It sees only changes made through it: the manager must be its database's only writer (true of
 * the embedded SQLite file; a database shared with another writer must not be counted this way).
 */
import type { Store } from './store.ts';

/** Which methods change the store, typed complete over `Store`: a new method does not compile until sorted. */
const methodKinds = {
  transaction: 'change',
  close: 'read',
  getTenant: 'read',
  listTenants: 'read',
  putTenant: 'change',
  deleteTenant: 'change',
  getDeployment: 'read',
  getDeploymentByName: 'read',
  listDeployments: 'read',
  countDeployments: 'read',
  putDeployment: 'change',
  deleteDeployment: 'change',
  getVm: 'read',
  getVmByName: 'read',
  listVms: 'read',
  putVm: 'change',
  deleteVm: 'change',
  getSnapshot: 'read',
  listSnapshots: 'read',
  countSnapshots: 'read',
  putSnapshot: 'change',
  deleteSnapshot: 'change',
  getOperation: 'read',
  listOperations: 'read',
  putOperation: 'change',
  getSteps: 'read',
  recordStep: 'change',
  appendEvent: 'change',
  listEvents: 'read',
  lastEventSeq: 'read',
  deleteEventsBefore: 'change',
  watchEvents: 'read',
  enqueueOutbox: 'change',
  scanOutbox: 'read',
  // A claim changes nothing a GET shows (and with SQLite, the store counted here, writes nothing).
  claimOutbox: 'read',
  updateOutbox: 'change',
  listOutbox: 'read',
  getOpMode: 'read',
  putOpMode: 'change',
  backupInto: 'read',
  restoreFrom: 'change',
} as const satisfies Record<keyof Store, 'change' | 'read'>;

export interface CountedStore {
  store: Store;
  /** Moves after every settled change made through `store`. */
  version(): number;
}

export function countChanges(inner: Store): CountedStore {
  let version = 0;
  const counted: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(methodKinds)) {
    const method = (inner[name as keyof Store] as (...args: unknown[]) => Promise<unknown>).bind(inner);
    counted[name] = kind === 'read' ? method : (...args: unknown[]) => method(...args).finally(() => version++);
  }
  return { store: counted as unknown as Store, version: () => version };
}
