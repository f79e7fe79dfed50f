/**
 * @module The check a VIM request passes at the moment it leaves, not only when the call began
 * (issue 15 item 2). A run that may lose its lease calls the VIM under `withSendGuard(guard, …)`;
 * the transport runs the guard again once the connector's in-flight bound admits the request. A
 * call queued there — or a manager paused (SIGSTOP) with calls queued — would otherwise send a create
 * after another manager took the run over and made the resource itself: a duplicate the new owner
 * never looks for. The guard travels with the call's async context (AsyncLocalStorage), so the
 * driver's signatures stay free of it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<() => void>();

/** Runs `call` with `guard` checked again before each request it sends (it throws to refuse). */
export function withSendGuard<T>(guard: () => void, call: () => T): T {
  return current.run(guard, call);
}

/** Throws when the request about to leave belongs to a call whose guard now refuses it. */
export function checkSendGuard(): void {
  current.getStore()?.();
}
