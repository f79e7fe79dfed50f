/**
 * The event bus: the one door through which domain events leave the engine (architecture
 * "events/"). `publish` persists the event and, when the operation asked for it, its
 * `Callback-ESC-Events` POST in ONE transaction, so an event is never stored without its callback
 * nor the reverse. Both writes are idempotent on derived ids: re-publishing after a crash changes
 * nothing. Only after commit do in-memory subscribers (metrics, and any live stream) hear of it.
 *
 * The event's time is stamped inside that transaction, where the store assigns its `seq`: each
 * publish's writes begin only after the previous publish's have run, and each holds the store's
 * write lock, so time never decreases in `seq` order and a NETCONF replay by time (RFC 5277
 * startTime) misses nothing (issue 11 item 6). Waiting for the commit to be durable is not part of
 * that turn: publishes from many operations share one fsync (the store's group commit, issue 14).
 * Subscribers hear events in publish order, which is `seq` order, each once it is durable; a
 * re-publish (an id already stored) keeps the stored seq and time and is not fanned out again.
 *
 * Several managers on one store (issue 15 item 3): once the bus `follow`s a shared store, its
 * subscribers hear the cluster's events — every manager's, in `seq` order, each once, through
 * `EventTail` — while those subscribed with scope `local` hear only this manager's publishes, at
 * once (what this process did: its metrics, its monitor). On a store of one process (SQLite) the
 * two are the same.
 */
import type { Logger } from 'pino';
import type { DomainEvent, RaisedEvent } from '../domain/event.ts';
import type { NotifyTargets, Operation, OperationOutcome } from '../domain/operation.ts';
import type { Store } from '../store/store.ts';
import { isoTime, type Clock } from '../time/clock.ts';
import { completionCallbackMessage, eventCallbackMessage } from './callback-messages.ts';
import { reachesChannel, type EventChannel } from './channels.ts';
import { EventTail } from './event-tail.ts';

/** The part of `Store` the bus writes to. */
export interface EventBusStore extends Pick<Store, 'appendEvent' | 'enqueueOutbox'> {
  transaction<T>(fn: (tx: EventBusStore) => Promise<T>): Promise<T>;
}

export type EventListener = (event: DomainEvent) => void;

/** `cluster` (the default): every event of the store, whoever published it; `local`: this bus's publishes only. */
export type EventScope = 'cluster' | 'local';

/** What `follow` reads the shared store with. */
export type FollowedStore = Pick<Store, 'watchEvents' | 'listEvents' | 'lastEventSeq'>;

export interface EventBusOptions {
  store: EventBusStore;
  clock: Clock;
  /** Called after a callback was committed to the outbox (wire it to `CallbackOutbox.wake`). */
  onEnqueued?: () => void;
  log?: Pick<Logger, 'error'>;
}

export class EventBus {
  readonly #store: EventBusStore;
  readonly #clock: Clock;
  readonly #onEnqueued: () => void;
  readonly #log: Pick<Logger, 'error'> | undefined;
  readonly #listeners: Record<EventScope, Set<EventListener>> = { cluster: new Set(), local: new Set() };
  /** Set while following a shared store: the cluster subscribers hear its events through it. */
  #tail: EventTail | undefined;
  /** Settles once the latest publish's writes have run: the next one's begin after it. */
  #turn: Promise<void> = Promise.resolve();
  /** Settles once the latest publish has been fanned out: the next one's fan-out follows it. */
  #fanned: Promise<unknown> = Promise.resolve();

  constructor(opts: EventBusOptions) {
    this.#store = opts.store;
    this.#clock = opts.clock;
    this.#onEnqueued = opts.onEnqueued ?? (() => {});
    this.#log = opts.log;
  }

  /** Persists the event (and its events callback when `notify.eventsUrl` is set); returns it with `seq` and `time`. */
  publish(event: RaisedEvent, notify?: NotifyTargets): Promise<DomainEvent> {
    const eventsUrl = notify?.eventsUrl;
    const previous = this.#turn;
    let written = () => {};
    this.#turn = new Promise<void>((resolve) => (written = resolve));
    const committed = previous.then(() =>
      this.#store.transaction(async (tx) => {
        try {
          const appended = await tx.appendEvent({ ...event, time: isoTime(this.#clock) });
          const stored: DomainEvent = { ...event, seq: appended.seq, time: appended.time };
          if (eventsUrl) await tx.enqueueOutbox(eventCallbackMessage(stored, eventsUrl, this.#clock.now()));
          return { stored, inserted: appended.inserted };
        } finally {
          written();
        }
      }),
    );
    // A transaction refused before its writes ran must not hold up the next publish.
    committed.catch(written);
    const published = this.#fanned.then(async () => {
      const { stored, inserted } = await committed;
      if (eventsUrl) this.#onEnqueued();
      if (inserted) {
        this.#fanOut(stored, 'local');
        if (this.#tail) void this.#tail.local(stored);
        else this.#fanOut(stored, 'cluster');
      }
      return stored;
    });
    this.#fanned = published.catch(() => {});
    return published;
  }

  /**
   * Stores the operation's completion callback (`callback` header), rendered from its outcome in the
   * request's format, in one transaction with `alongside`'s writes (the operation's end, so neither
   * is ever stored without the other); enqueueing it twice is harmless.
   */
  async enqueueCompletion<S extends Pick<Store, 'enqueueOutbox'>>(
    op: Pick<Operation, 'id' | 'notify' | 'deploymentId' | 'tenant'>,
    outcome: OperationOutcome,
    into: { transaction<T>(fn: (tx: S) => Promise<T>): Promise<T> },
    alongside: (tx: S) => Promise<unknown> = async () => undefined,
  ): Promise<void> {
    await into.transaction(async (tx) => {
      await tx.enqueueOutbox(completionCallbackMessage(op, outcome, this.#clock.now()));
      await alongside(tx);
    });
    this.#onEnqueued();
  }

  /**
   * Hears every event published from now on, after it is stored; returns the unsubscribe. With a
   * channel, only the events that reach it (REST-5: a `netconf` subscriber never hears REST-only ones).
   * Scope `cluster` (the default) hears other managers' events too once the bus `follow`s a shared
   * store; `local`, only this bus's publishes.
   */
  subscribe(listener: EventListener, opts: { channel?: EventChannel; scope?: EventScope } = {}): () => void {
    const { channel } = opts;
    const heard: EventListener = channel === undefined ? listener : (e) => (reachesChannel(e, channel) ? listener(e) : undefined);
    const listeners = this.#listeners[opts.scope ?? 'cluster'];
    listeners.add(heard);
    return () => listeners.delete(heard);
  }

  /**
   * Issue 15 item 3: when `store` is shared with other managers, from now on the cluster
   * subscribers hear every event appended to it after the current last one, in `seq` order, each
   * once: this bus's publishes and the others' (told by the store's watch, read by seq). Call it
   * before publishing anything. On a store of one process it changes nothing. Resolves to the stop.
   */
  async follow(store: FollowedStore): Promise<() => Promise<void>> {
    const cursor = await store.lastEventSeq();
    const tail = new EventTail({ store, cursor, clock: this.#clock, log: this.#log, fanOut: (e) => this.#fanOut(e, 'cluster') });
    const watch = store.watchEvents({
      appended: (seq) => tail.notified(seq),
      failed: (err) => this.#log?.error({ err }, 'lost the database connection that hears other managers’ events; reconnecting'),
    });
    if (!watch.shared) {
      await watch.close();
      return async () => undefined;
    }
    this.#tail = tail;
    return async () => {
      if (this.#tail === tail) this.#tail = undefined;
      await watch.close();
      await tail.close();
    };
  }

  #fanOut(event: DomainEvent, scope: EventScope): void {
    for (const listener of this.#listeners[scope]) {
      try {
        const result: unknown = listener(event);
        if (result instanceof Promise) result.catch((err: unknown) => this.#listenerFailed(event, err));
      } catch (err) {
        this.#listenerFailed(event, err);
      }
    }
  }

  #listenerFailed(event: DomainEvent, err: unknown): void {
    this.#log?.error({ err, eventId: event.id }, 'event subscriber failed; other subscribers unaffected');
  }

}
