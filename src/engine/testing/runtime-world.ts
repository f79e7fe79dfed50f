/**
 * The runtime's real neighbours, for its tests: a SQLite store in a temp folder, the event bus over
 * it, a fake clock and the configuration (defaults unless a test overrides a key). `reopen` is what
 * a process restart looks like to the runner; `deps()` always serves the store open now.
 */
import { Config } from '../../config/config.ts';
import type { Operation, StepRecord } from '../../domain/operation.ts';
import { EventBus } from '../../events/bus.ts';
import { openTempStore, type TempStore } from '../../events/testing/temp-store.ts';
import { FakeClock } from '../../time/fake-clock.ts';
import { silentLogger } from '../runtime/ports.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { StepContext } from '../runtime/step-context.ts';

export interface RuntimeWorld {
  temp: TempStore;
  clock: FakeClock;
  config: Config;
  deps(): RuntimeDeps;
  context(op: Operation, opts?: { recorded?: StepRecord[]; signal?: AbortSignal }): StepContext;
  dispose(): Promise<void>;
}

export async function openRuntimeWorld(config: Record<string, string> = {}): Promise<RuntimeWorld> {
  const temp = await openTempStore();
  const clock = new FakeClock();
  const world: RuntimeWorld = {
    temp,
    clock,
    config: new Config(config),
    deps: () => ({ store: temp.store, bus: new EventBus({ store: temp.store, clock }), clock, config: world.config, log: silentLogger }),
    context: (op, opts = {}) =>
      new StepContext({
        op,
        signal: opts.signal ?? new AbortController().signal,
        store: temp.store,
        clock,
        bus: new EventBus({ store: temp.store, clock }),
        recorded: opts.recorded ?? [],
      }),
    dispose: () => temp.dispose(),
  };
  return world;
}

/** Waits, a turn of the event loop at a time, until `condition` holds (fails after `turns`). */
export async function until(condition: () => boolean, turns = 1000): Promise<void> {
  for (let n = 0; n < turns; n++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`condition not met after ${turns} turns: ${condition}`);
}
