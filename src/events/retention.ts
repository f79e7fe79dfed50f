/**
 * The event log's retention (issue 11 item 6): at start and then every hour on the injected clock,
 * deletes the events stamped more than `events.retention.days` ago. The setting is read at each
 * pass, so a run-time change applies from the next one. What is left starts at the NETCONF replay
 * log's `replayLogCreationTime` (the oldest kept event).
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../time/clock.ts';

const dayMs = 86_400_000;
/** An hour between passes: retention is counted in days, so an event outlives its term by an hour at most. */
export const retentionPassMs = 3_600_000;

export interface EventRetentionOptions {
  store: Pick<Store, 'deleteEventsBefore'>;
  clock: Clock;
  config: Pick<Config, 'number'>;
  log: Pick<Logger, 'info' | 'error'>;
}

export class EventRetention {
  readonly #opts: EventRetentionOptions;
  readonly #stop = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(opts: EventRetentionOptions) {
    this.#opts = opts;
  }

  /** Deletes the events older than the retention now; returns how many. */
  async prune(): Promise<number> {
    const { store, clock, config } = this.#opts;
    const cutoff = new Date(clock.now() - config.number('events.retention.days') * dayMs).toISOString();
    return store.deleteEventsBefore(cutoff);
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { clock, log } = this.#opts;
    while (!this.#stop.signal.aborted) {
      try {
        const deleted = await this.prune();
        if (deleted > 0) log.info({ deleted }, 'events past events.retention.days deleted');
      } catch (err) {
        // The next pass tries again; a failed pass loses nothing but time.
        log.error({ err }, 'event retention pass failed');
      }
      await clock.sleep(retentionPassMs, this.#stop.signal).catch(() => {});
    }
  }
}
