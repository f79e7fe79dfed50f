/**
 * Everything a handler touches, passed explicitly (house rule 8): the state, the clock, the blob
 * store, the fault rules, the timing settings, the transition scheduler and `persist()`.
 * The scheduler is named here by what handlers and the emulator call on it, so `scheduler.ts`
 * (which hands the cloud to each transition) imports this file and not the other way round.
 */
import type { Clock } from '../../src/time/clock.ts';
import type { Faults } from '../faults/rules.ts';
import type { DurationKey, Timing } from '../faults/timing.ts';
import type { BlobStore } from './blobs.ts';
import type { EmuState } from './model.ts';

/** The timed transitions (IMPL-4): implemented by `Scheduler` in `scheduler.ts`. */
export interface TransitionScheduler {
  /** Records a transition of `kind` on a resource, due `after` (a duration setting or ms) from now. */
  schedule(kind: string, resourceId: string, after: DurationKey | number, data?: Record<string, unknown>): void;
  /** Drops every pending transition of a resource (of the given kinds only, when named): a server deleted mid-build. */
  cancel(resourceId: string, kinds?: string[]): void;
  /** Re-arms every recorded transition (after loading a state file). */
  resume(): void;
  /** Re-checks held transitions after the fault rules changed. */
  releaseHeld(): void;
  close(): void;
}

export interface Cloud {
  state: EmuState;
  clock: Clock;
  blobs: BlobStore;
  faults: Faults;
  timing: Timing;
  scheduler: TransitionScheduler;
  /** Writes the state durably (no-op in memory-only mode); before a mutating request's answer. */
  persist(): void;
  /**
   * Writes it soon, once for everything changed in this turn of the event loop: for timed
   * transitions, which a restart re-applies from the pending list if the write was lost.
   */
  persistSoon(): void;
}
