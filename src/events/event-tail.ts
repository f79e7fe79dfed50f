/**
 * The cluster's events, in `seq` order, each once (issue 15 item 3). Several managers append to one
 * shared store; each one's bus hands its cluster subscribers (the NETCONF streams) every event,
 * whoever appended it. The store hands out seqs in commit order, so once an event is committed
 * every smaller seq is committed too: reading on from the last seq fanned out (`cursor`) never
 * skips one.
 *
 * Two things move the tail on: a local publish (`local`), fanned out at once when it is the next
 * seq — the common case with one busy manager, no read — and a hint that something was appended
 * somewhere (`notified`: another manager's NOTIFY, or a (re)connect of the watch). Either way a gap
 * is closed by reading the store on from the cursor, one read at a time; a seq at or below the
 * cursor was fanned out already and is dropped. A failed read is tried again after `retryMs`.
 */
import type { Logger } from 'pino';
import type { DomainEvent } from '../domain/event.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../time/clock.ts';

export interface EventTailOptions {
  store: Pick<Store, 'listEvents'>;
  /** The highest seq already accounted for: the tail fans out only what comes after it. */
  cursor: number;
  fanOut: (event: DomainEvent) => void;
  clock: Clock;
  log?: Pick<Logger, 'error'>;
  retryMs?: number;
}

/** Events read per catch-up query. */
const pageSize = 500;

export class EventTail {
  readonly #opts: EventTailOptions;
  #cursor: number;
  /** The catch-up under way, if any; `#again` asks it for one more read before it ends. */
  #reading: Promise<void> | undefined;
  #again = false;
  #closed = false;
  readonly #stop = new AbortController();

  constructor(opts: EventTailOptions) {
    this.#opts = opts;
    this.#cursor = opts.cursor;
  }

  /** The highest seq fanned out (or accounted for at the start). */
  get cursor(): number {
    return this.#cursor;
  }

  /** A publish of this manager committed `event`: resolves once it and every seq before it are fanned out. */
  local(event: DomainEvent): Promise<void> {
    const seq = event.seq ?? 0;
    if (seq <= this.#cursor) return Promise.resolve();
    if (seq === this.#cursor + 1 && !this.#reading) {
      this.#deliver(event);
      return Promise.resolve();
    }
    return this.catchUp();
  }

  /** Something was appended up to `seq` (undefined: perhaps, after a reconnect): read on unless it was fanned out already. */
  notified(seq: number | undefined): void {
    if (seq !== undefined && seq <= this.#cursor) return;
    void this.catchUp();
  }

  /** Reads the store on from the cursor until a read finds nothing more; one read runs at a time. */
  catchUp(): Promise<void> {
    this.#again = true;
    this.#reading ??= this.#readOn();
    return this.#reading;
  }

  /** Stops reading; a read under way ends after its current page. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stop.abort();
    await this.#reading;
  }

  async #readOn(): Promise<void> {
    try {
      while (this.#again && !this.#closed) {
        this.#again = false;
        await this.#readToEnd();
      }
    } finally {
      // In the same step as the loop's last look at #again: a catchUp after it starts a new read.
      this.#reading = undefined;
    }
  }

  /** One pass to the end of the table; a failure is logged and asks for another pass after a pause. */
  async #readToEnd(): Promise<void> {
    try {
      for (;;) {
        const page = await this.#opts.store.listEvents({ afterSeq: this.#cursor, limit: pageSize });
        for (const event of page) if (!this.#closed && (event.seq ?? 0) > this.#cursor) this.#deliver(event);
        if (page.length < pageSize || this.#closed) break;
      }
    } catch (err) {
      this.#opts.log?.error({ err, afterSeq: this.#cursor }, 'reading the cluster events failed; trying again');
      this.#again = true;
      await this.#opts.clock.sleep(this.#opts.retryMs ?? 1000, this.#stop.signal).catch(() => undefined);
    }
  }

  #deliver(event: DomainEvent): void {
    this.#cursor = event.seq ?? this.#cursor;
    this.#opts.fanOut(event);
  }
}
