/**
 * One `create-subscription` (RFC 5277) on an escEvent stream (issue 11 item 6). The order of things
 * is what makes "no gap, no duplicate" hold:
 *  1. subscribe to the bus first: every event stored from then on is heard and queued;
 *  2. replay from the store every event with eventTime ≥ startTime (≤ stopTime), oldest first;
 *  3. `replayComplete`;
 *  4. the queued, then the live events, each only if its `seq` is above the last one sent.
 * An event stored before step 1 is in the store when step 2 reads it, one stored after is queued,
 * one in both is sent once (by `seq`). Times never decrease in `seq` order (the bus stamps them as
 * the store assigns `seq`), so a replay by time misses nothing. A subtree filter passes only the
 * notifications it selects something of, whole (RFC 5277 §3.6). With a stopTime, once the clock
 * reaches it (at once if it has passed): `notificationComplete`, and the subscription ends.
 *
 * A slow subscriber holds up no one: the bus only queues for it. `send` may return a promise (the
 * session's write waiting for its channel to drain); one notification is sent at a time, and up to
 * `maxQueued` wait. Past that, during the replay the queue is dropped and the replay reads on (the
 * store has those events); live, the subscription ends as 'too-slow' (logged), and the session
 * with it, so the client reconnects and replays from its last eventTime.
 */
import type { DomainEvent } from '../../../domain/event.ts';
import { channelFilter } from '../../../events/channels.ts';
import { renderEscEventElement } from '../../../events/renderers/esc-event-xml.ts';
import type { XmlNode } from '../../../xml/parse.ts';
import { filterSelects } from './filter.ts';
import { defaultMaxQueued, type NotificationDeps, type Subscription, type SubscriptionEnd } from './deps.ts';
import { notificationCompleteNotification, replayCompleteNotification } from './messages.ts';
import { readSubscriptionRequest, type SubscriptionRequest } from './request.ts';

/** Gets one whole `<notification>` document without the XML declaration; the session frames it. */
export type SendNotification = (notificationXml: string) => void | Promise<void>;

/** Events read from the store per replay query. */
const replayPageSize = 500;
/** The longest single wait for a stopTime: a timer cannot wait much longer than 24 days. */
const longestWaitMs = 86_400_000;

/**
 * Parses and validates the `<create-subscription>` element (RFC 5277 §2.1.1); throws a catalogue
 * DomainError (unknown stream, stopTime without startTime, startTime in the future, stopTime
 * before startTime, an unknown element, a filter other than subtree). Resolves once subscribed; the first
 * notification is sent after the current tick, so a reply written as soon as this resolves comes
 * first. `onEnd` hears a subscription that ends on its own (complete, too slow, failed).
 */
export async function openSubscription(
  deps: NotificationDeps,
  request: XmlNode,
  send: SendNotification,
  onEnd: (end: SubscriptionEnd) => void = () => {},
): Promise<Subscription> {
  const wanted = readSubscriptionRequest(request, deps.clock.now());
  const subscription = new StreamSubscription(deps, wanted, send, onEnd);
  setImmediate(() => void subscription.run());
  return subscription;
}

class StreamSubscription implements Subscription {
  readonly #deps: NotificationDeps;
  readonly #wanted: SubscriptionRequest;
  readonly #send: SendNotification;
  readonly #onEnd: (end: SubscriptionEnd) => void;
  readonly #maxQueued: number;
  readonly #unsubscribe: () => void;
  readonly #ended = new AbortController();
  #queue: DomainEvent[] = [];
  #replaying: boolean;
  /** Set when the queue was dropped during the replay: the replay reads the store again before it ends. */
  #dropped = false;
  #lastSeq = 0;
  #stopReached = false;
  #wake: (() => void) | undefined;

  constructor(deps: NotificationDeps, wanted: SubscriptionRequest, send: SendNotification, onEnd: (end: SubscriptionEnd) => void) {
    this.#deps = deps;
    this.#wanted = wanted;
    this.#send = send;
    this.#onEnd = onEnd;
    this.#maxQueued = deps.maxQueued ?? defaultMaxQueued;
    this.#replaying = wanted.startTime !== undefined;
    this.#unsubscribe = deps.bus.subscribe((event) => this.#heard(event), { channel: 'netconf' });
  }

  close(): void {
    if (this.#isEnded) return;
    this.#ended.abort();
    this.#unsubscribe();
    this.#queue = [];
    this.#wake?.();
  }

  async run(): Promise<void> {
    try {
      const { startTime } = this.#wanted;
      if (startTime !== undefined) {
        await this.#replay(startTime);
        if (this.#isEnded) return;
        this.#replaying = false;
        await this.#send(replayCompleteNotification(this.#deps.clock.now()));
        void this.#waitForStop();
      }
      await this.#live();
    } catch (err) {
      this.#endOnItsOwn('failed', { err });
    }
  }

  get #isEnded(): boolean {
    return this.#ended.signal.aborted;
  }

  #heard(event: DomainEvent): void {
    if (this.#isEnded) return;
    if (this.#queue.length < this.#maxQueued) {
      this.#queue.push(event);
      this.#wake?.();
    } else if (this.#replaying) {
      this.#queue = [];
      this.#dropped = true;
    } else {
      this.#endOnItsOwn('too-slow', { maxQueued: this.#maxQueued });
    }
  }

  /** Pages through the window by (time, seq); reads again if the queue was dropped meanwhile. */
  async #replay(startTime: string): Promise<void> {
    let cursor = { fromTime: startTime, afterSeq: 0 };
    for (;;) {
      this.#dropped = false;
      const page = await this.#deps.listEvents({ ...cursor, toTime: this.#wanted.stopTime, ...channelFilter('netconf'), limit: replayPageSize });
      for (const event of page) if (!(await this.#deliver(event))) return;
      const last = page.at(-1);
      if (last) cursor = { fromTime: last.time, afterSeq: last.seq ?? 0 };
      if (page.length < replayPageSize && !this.#dropped) return;
    }
  }

  async #live(): Promise<void> {
    while (!this.#isEnded) {
      const event = this.#queue.shift();
      if (event) {
        await this.#deliver(event);
      } else if (this.#stopReached) {
        await this.#send(notificationCompleteNotification(this.#deps.clock.now()));
        this.#endOnItsOwn('complete');
      } else {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
      }
    }
  }

  /** Sends the event unless it was sent already or lies past stopTime; false once the subscription ended. */
  async #deliver(event: DomainEvent): Promise<boolean> {
    if (this.#isEnded) return false;
    const seq = event.seq ?? 0;
    const { stopTime, filter } = this.#wanted;
    if (seq <= this.#lastSeq || (stopTime !== undefined && event.time > stopTime)) return true;
    this.#lastSeq = seq;
    const notification = renderEscEventElement(event);
    if (filter !== undefined && !filterSelects(filter, notification)) return true;
    await this.#send(notification);
    return !this.#isEnded;
  }

  async #waitForStop(): Promise<void> {
    const { stopTime } = this.#wanted;
    if (stopTime === undefined) return;
    const { clock } = this.#deps;
    try {
      for (let left = Date.parse(stopTime) - clock.now(); left > 0; left = Date.parse(stopTime) - clock.now()) {
        await clock.sleep(Math.min(left, longestWaitMs), this.#ended.signal);
      }
    } catch {
      return; // closed while waiting
    }
    this.#stopReached = true;
    this.#wake?.();
  }

  #endOnItsOwn(end: SubscriptionEnd, detail: object = {}): void {
    if (this.#isEnded) return;
    this.close();
    if (end !== 'complete') {
      this.#deps.log?.warn(
        { ...detail, stream: this.#wanted.stream, end },
        end === 'too-slow'
          ? `notification subscriber too slow: more than ${this.#maxQueued} notifications unsent; subscription ended (the client replays from its last eventTime)`
          : 'notification subscription failed; subscription ended',
      );
    }
    this.#onEnd(end);
  }
}
