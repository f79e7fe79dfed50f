/**
 * The VIM registry one run sees (issue 15 item 2): every call that changes the VIM first runs the
 * run's guard, which fails once the run's lease is lost or this manager's last heartbeat is stale (it
 * was paused past its lease), so a manager another has taken over from changes nothing more there.
 * This is the one place all of a run's VIM calls pass through; with one manager the guard never
 * fails. The guard runs again as each request of the call leaves (`vim/send-guard.ts`). Reads are not guarded: they change nothing, and the batched poller, shared by every run,
 * lists through the driver of whichever run began a batch, which must go on serving the others.
 */
import type { VimDriver } from '../../vim/driver.ts';
import { withSendGuard } from '../../vim/send-guard.ts';
import type { VimRegistry } from './deps.ts';

export function guardedVims(vims: VimRegistry, guard: () => void): VimRegistry {
  return { get: (id) => guardedDriver(vims.get(id), guard), defaultId: () => vims.defaultId() };
}

/** The driver's calls that only read (`vim/ports/`). */
const reads = /^(list|get|find|download)[A-Z]|^defaultProject$/;

function guardedDriver(driver: VimDriver, guard: () => void): VimDriver {
  return new Proxy(driver, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && reads.test(prop)) return value.bind(target);
      return (...args: unknown[]) => {
        try {
          guard();
        } catch (err) {
          return Promise.reject(err);
        }
        // Checked again as each request leaves (`vim/send-guard.ts`): a call may wait in the
        // connector's in-flight queue, or in a paused process, past the lease.
        return withSendGuard(guard, () => (value as (...a: unknown[]) => unknown).apply(target, args));
      };
    },
  });
}
