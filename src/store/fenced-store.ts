/**
 * A store whose writes are fenced (issue 15 item 2): each one runs in a transaction that first
 * checks the run's lease is still held, so a manager that lost a key cannot write a step, an
 * operation or a record of it once another has taken it over. Reads pass through unchanged.
 */
import type { Store } from './store.ts';

/** How the implementation wraps a write in a checked transaction. */
export interface Fence {
  /** One write of the store's, checked first, in a transaction of its own. */
  write<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** The caller's own transaction, checked first. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
}

const writes: ReadonlySet<PropertyKey> = new Set<keyof Store>([
  'putTenant', 'deleteTenant', 'putDeployment', 'deleteDeployment', 'putVm', 'deleteVm', 'putSnapshot', 'deleteSnapshot',
  'putOperation', 'recordStep', 'appendEvent', 'deleteEventsBefore', 'enqueueOutbox', 'updateOutbox', 'putOpMode',
]);

export function fencedStore(store: Store, fence: Fence): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'transaction') return fence.transaction.bind(fence);
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      if (writes.has(prop)) return (...args: unknown[]) => fence.write((tx) => (Reflect.get(tx, prop) as (...a: unknown[]) => Promise<unknown>)(...args));
      return value.bind(target);
    },
  });
}
