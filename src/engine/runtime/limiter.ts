/**
 * Runs at most `n` tasks at once (VMs of one operation are acted on in parallel, bounded). A task
 * that finds a place starts at once and costs its own promise and one reaction, nothing more: the
 * monitor starts one per due VM, 10,000 every 3 s (issue 14).
 */
export function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    queue.shift()?.();
  };
  const run = <T>(task: () => Promise<T>): Promise<T> => {
    active++;
    let running: Promise<T>;
    try {
      running = task();
    } catch (err) {
      running = Promise.reject(err);
    }
    running.then(release, release);
    return running;
  };
  return (task) => (active < n ? run(task) : new Promise((resolve) => queue.push(() => resolve(run(task)))));
}

/** Like Promise.all, but waits for every task to settle before rethrowing the first failure. */
export async function allSettledOrThrow<T>(tasks: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
