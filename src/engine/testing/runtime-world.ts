/**
 * The runtime's real neighbours, for its tests: a SQLite store in a temp folder, the event bus over
 * it, a fake clock and the configuration (defaults unless a test overrides a key). `reopen` is what
 * a process restart looks like to the runner; `deps()` always serves the store open now.
 *
 * A crash is a run that stops at a step: `context(op, { crashAt })` ends the run when that step's
 * work is done, before or after its record is written, as a killed process would. The next run is
 * a new context over the recorded steps (with `op.resumes` raised), as after a restart.
 */
import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { Config } from '../../config/config.ts';
import type { DomainEvent } from '../../domain/event.ts';
import type { Operation, StepRecord } from '../../domain/operation.ts';
import { EventBus } from '../../events/bus.ts';
import { openTempStore, type TempStore } from '../../events/testing/temp-store.ts';
import type { Store } from '../../store/store.ts';
import { FakeClock } from '../../time/fake-clock.ts';
import { silentLogger } from './silent-logger.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { StepContext } from '../runtime/step-context.ts';

/** Where a run dies: when `step` has done its work, with its record written (`recorded`) or not. */
export interface CrashPoint {
  step: string;
  recorded: boolean;
}

export interface RuntimeWorld {
  temp: TempStore;
  clock: FakeClock;
  config: Config;
  deps(): RuntimeDeps;
  context(op: Operation, opts?: { recorded?: StepRecord[]; signal?: AbortSignal; crashAt?: CrashPoint }): StepContext;
  /** The operation's events as `TYPE STATUS`, in the order they were stored. */
  events(operationId: string): Promise<string[]>;
  /** Advances the fake clock `stepMs` at a time until `work` settles; what it settled with. */
  runOut<T>(work: Promise<T>, stepMs?: number): Promise<T>;
  dispose(): Promise<void>;
}

/** More fake time than any wait in a test may need: a run still going after it is stuck. */
const runOutLimitMs = 24 * 3_600_000;

export async function openRuntimeWorld(config: Record<string, string> = {}): Promise<RuntimeWorld> {
  const temp = await openTempStore(scratchFolder());
  const clock = new FakeClock();
  const world: RuntimeWorld = {
    temp,
    clock,
    config: new Config(config),
    deps: () => ({ store: temp.store, bus: new EventBus({ store: temp.store, clock }), clock, config: world.config, log: silentLogger }),
    context: (op, opts = {}) => {
      const crash = opts.crashAt && crashingStore(temp.store, opts.crashAt);
      const signals = [opts.signal, crash?.signal].filter((s): s is AbortSignal => s !== undefined);
      return new StepContext({
        op,
        signal: signals.length ? AbortSignal.any(signals) : new AbortController().signal,
        store: crash?.store ?? temp.store,
        clock,
        bus: new EventBus({ store: temp.store, clock }),
        recorded: opts.recorded ?? [],
      });
    },
    events: async (operationId) => (await temp.store.listEvents({ operationId })).map((e: DomainEvent) => `${e.type} ${e.status}`),
    async runOut<T>(work: Promise<T>, stepMs = 1_000): Promise<T> {
      let settled = false;
      const watched = work.finally(() => (settled = true));
      watched.catch(() => {}); // handled by the caller once settled; not an unhandled rejection meanwhile
      for (let spent = 0; !settled; spent += stepMs) {
        if (spent > runOutLimitMs) throw new Error(`still running after ${runOutLimitMs} ms of fake time`);
        await clock.advance(stepMs);
      }
      return watched;
    },
    dispose: () => temp.dispose(),
  };
  return world;
}

/**
 * Where the world's store lives: a memory-backed folder when the machine has one. The store fsyncs
 * every commit (IMPL-4), which on a disk is real waiting these throw-away stores do not need.
 */
function scratchFolder(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/**
 * The store as the crashing run sees it: at `point.step` the run's signal is aborted and the record
 * throws, so nothing after it runs (a cancelled run emits no FAILURE event); only the record of that
 * step is affected, every other call reaches the real store.
 */
function crashingStore(store: Store, point: CrashPoint): { store: Store; signal: AbortSignal } {
  const run = new AbortController();
  const recordStep = async (record: StepRecord): Promise<void> => {
    if (record.name !== point.step) return store.recordStep(record);
    if (point.recorded) await store.recordStep(record);
    const crash = new Error(`crashed at ${point.step} (${point.recorded ? 'after' : 'before'} its record)`);
    run.abort(crash);
    throw crash;
  };
  const crashing = new Proxy(store, {
    get(target, key) {
      if (key === 'recordStep') return recordStep;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: crashing, signal: run.signal };
}

/** Waits, a turn of the event loop at a time, until `condition` holds (fails after `turns`). */
export async function until(condition: () => boolean, turns = 1000): Promise<void> {
  for (let n = 0; n < turns; n++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`condition not met after ${turns} turns: ${condition}`);
}
