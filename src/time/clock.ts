/**
 * Time is injected (architecture principle 3): logic reads `now()` and waits with `sleep()` from a
 * `Clock`, so tests run a 20-minute timeout in milliseconds with `FakeClock`.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      // A wait of nothing lasts until the I/O already answered has run (its continuations may join
      // the waiter), not a timer's 1 ms floor: the poller's check "at once" (issue 14).
      const timer = ms > 0 ? setTimeout(done, ms) : setImmediate(done);
      const onAbort = () => {
        if (ms > 0) clearTimeout(timer as NodeJS.Timeout);
        else clearImmediate(timer as NodeJS.Immediate);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export function isoTime(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
