/**
 * Test and benchmark helper: the emulator in process (no socket, no state file), every transition
 * duration 0 unless a test sets one. Its timed transitions run on the injected `clock`: with the
 * system clock a zero duration fires on the next timer tick; with a `FakeClock` a transition fires
 * when the test advances the clock past it (`advance(0)` for a zero duration).
 */
import type { Clock } from '../../src/time/clock.ts';
import { openEmulator, type InProcessEmulator } from '../emulator.ts';
import type { FaultConfig } from '../faults/rules.ts';
import { defaultDurations, type Durations } from '../faults/timing.ts';

const zeroDurations = Object.fromEntries(Object.keys(defaultDurations).map((k) => [k, 0])) as Durations;

export interface InProcessEmulatorOptions {
  clock?: Clock;
  /** On top of `zeroDurations`, e.g. `{ serverBuild: 5_000 }`. */
  durations?: Partial<Durations>;
  faults?: FaultConfig;
  latencyMs?: Record<string, number>;
}

export function inProcessEmulator(opts: InProcessEmulatorOptions = {}): InProcessEmulator {
  return openEmulator({ ...opts, durations: { ...zeroDurations, ...opts.durations } });
}
