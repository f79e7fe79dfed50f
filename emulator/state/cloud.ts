/**
 * Everything a handler touches, passed explicitly (house rule 8): the state, the clock, the blob
 * store, the fault rules, the timing settings, the transition scheduler and `persist()`.
 */
import type { Clock } from '../../src/time/clock.ts';
import type { Faults } from '../faults/rules.ts';
import type { Timing } from '../faults/timing.ts';
import type { BlobStore } from './blobs.ts';
import type { EmuState } from './model.ts';
import type { Scheduler } from './scheduler.ts';

export interface Cloud {
  state: EmuState;
  clock: Clock;
  blobs: BlobStore;
  faults: Faults;
  timing: Timing;
  scheduler: Scheduler;
  /** Writes the state durably (no-op in memory-only mode); before a mutating request's answer. */
  persist(): void;
  /**
   * Writes it soon, once for everything changed in this turn of the event loop: for timed
   * transitions, which a restart re-applies from the pending list if the write was lost.
   */
  persistSoon(): void;
}
