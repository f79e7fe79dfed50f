/**
 * The durable callback outbox: delivers every stored callback at least once (IMPL-4: no
 * notification lost). Messages are written by `EventBus` before anything is sent; this loop POSTs them,
 * marks 2xx as delivered, and reschedules anything else (non-2xx, refused, reset, timeout) with
 * the backoff of `backoff.ts` until `giveUpAfterMs`, when it abandons the message (kept, logged).
 *
 * Order: per URL and order key (one deployment, or one tenant: `OutboxMessage.orderKey`), only the
 * oldest pending message (the "head") is ever sent, so one receiver sees a deployment's events in
 * the order they happened even across retries; different URLs and different deployments proceed in
 * parallel, at most `concurrency` at once (issue 14: one receiver of many deployments is not served
 * one POST at a time). Heads come from one oldest-first scan of the pending messages, paged by
 * seq over light rows (issue 14: a dead receiver's backlog is read from an index, not sorted, and
 * no body is read but those sent); a head is read whole when it is taken, which also checks it is
 * still a pending head. Outcomes are not recorded while a scan runs but between scans, side by
 * side, so they share one commit and the store's fsync (issue 14).
 *
 * Several managers on one store (issue 15 item 2; `claims` set): a head is sent only once this
 * manager has claimed it (`Store.claimOutbox`: the head of its order, not held by another's
 * unexpired claim, for `leaseMs` on the database's clock), renewed every `renewMs` while its POST
 * runs; recording the outcome ends the claim. A head another manager holds is looked at again after
 * `renewMs`, and with nothing due the scan runs every `leaseMs`, so a dead manager's messages (and
 * those another enqueued, which only it was woken for) are taken over once its claims expire.
 * At least once, as ever: a manager that stalls past its lease may send a message another sends
 * too, with the same `ESC-Event-Id`.
 *
 * Restart: state lives only in the store; a new instance delivers whatever is pending. A POST cut
 * off by `stop()` is not recorded, so it is sent again (receivers dedupe on `ESC-Event-Id`).
 */
import { messageOf } from '../domain/errors.ts';
import type { Logger } from 'pino';
import type { OutboxMessage, Store } from '../store/store.ts';
import type { Clock } from '../time/clock.ts';
import { backoffDelay, shouldGiveUp, type RetryPolicy } from './backoff.ts';
import { callbackPost, type CallbackPost } from './callback-post.ts';

export type OutboxStore = Pick<Store, 'scanOutbox' | 'updateOutbox' | 'claimOutbox'>;

/** How a manager sharing its store takes messages (issue 15 item 2). */
export interface OutboxClaims {
  /**
   * This manager's id in the cluster, read at each claim: the claims port's (`Claims.instanceId`),
   * empty until it registers (nothing is claimed before) and new after a re-registration, which
   * carries the claims already taken over to the new id (`postgres/claims.ts`).
   */
  owner(): string;
  /** How long a claim holds unless renewed (`ha.lease.secs`). */
  leaseMs: number;
  /** How often a claim is renewed while its POST runs (`ha.heartbeat.secs`); below `leaseMs`. */
  renewMs: number;
}

export interface CallbackOutboxOptions extends RetryPolicy {
  store: OutboxStore;
  clock: Clock;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Per POST, until the response headers arrive. */
  timeoutMs: number;
  /** Deliveries in flight at once (default 16). */
  concurrency?: number;
  /** How a message is sent (default: undici's `request`, no egress check). */
  post?: CallbackPost;
  /** Told of each attempt's outcome (metrics). */
  onAttempt?: (delivered: boolean) => void;
  /** Set when other managers share the store: messages are claimed before they are sent. */
  claims?: OutboxClaims;
}

type Outcome = { ok: true } | { ok: false; error: string };

const scanPageSize = 100;
/** Why a sleeping loop is cut short: a constant reason, so a wake builds no DOMException. */
const woken = new Error('outbox woken');
/** Why a sleep is cut short to sleep again, to an earlier retry: no scan. */
const retargeted = new Error('outbox retry sooner');
/** Deliveries in flight at once, over every URL and order key. */
const defaultConcurrency = 16;
/** With nothing due, rescan this often anyway (messages written by another process, e.g. an admin tool). */
const idleRescanMs = 60_000;

export class CallbackOutbox {
  readonly #opts: CallbackOutboxOptions;
  readonly #send: CallbackPost;
  readonly #stop = new AbortController();
  /** Order (URL and key, `orderOf`) → its head message's delivery in progress. */
  readonly #inFlight = new Map<string, Promise<unknown>>();
  /** The latest scan: outcomes wait for it. */
  #scan: Promise<unknown> = Promise.resolve();
  /** Outcomes being recorded: a scan waits for them. */
  readonly #recording = new Set<Promise<unknown>>();
  #loop: Promise<void> | undefined;
  #sleep: AbortController | undefined;
  #wakeRequested = false;
  #idleWaiters: (() => void)[] = [];
  /** Whether the latest scan read every pending message (it did not stop with every slot taken). */
  #scannedAll = false;
  /** The earliest retry rescheduled since the latest scan began (that scan may not have seen it). */
  #retryDue: number | undefined;

  constructor(opts: CallbackOutboxOptions) {
    this.#opts = opts;
    this.#send = opts.post ?? callbackPost();
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Something was enqueued or finished: rescan now instead of at the next due time. */
  wake(): void {
    this.#wakeRequested = true;
    this.#sleep?.abort(woken);
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
    await Promise.all(this.#inFlight.values());
  }

  /**
   * For tests: resolves once a scan started after this call finds nothing in flight and nothing
   * due at the clock's `now` (messages backing off may remain). The timeout is real time.
   */
  drain(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#idleWaiters = this.#idleWaiters.filter((w) => w !== waiter);
        reject(new Error(`callback outbox not idle within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#idleWaiters.push(waiter);
      this.wake();
    });
  }

  async #run(): Promise<void> {
    const { clock, log } = this.#opts;
    while (!this.#stop.signal.aborted) {
      this.#wakeRequested = false;
      this.#retryDue = undefined;
      let nextDue: number | undefined;
      try {
        nextDue = await this.#scanAlone(() => this.#dispatch());
      } catch (err) {
        log?.error({ err }, 'callback outbox scan failed; retrying');
        nextDue = clock.now() + this.#opts.initialBackoffMs;
      }
      if (this.#wakeRequested) continue;
      if (this.#inFlight.size === 0 && !(nextDue !== undefined && nextDue <= clock.now())) this.#notifyIdle();
      await this.#sleepUntil(nextDue);
    }
  }

  /**
   * Walks the pending messages oldest first and starts the delivery of every due head (the oldest
   * message of its order) whose order is free; returns the earliest future due time it saw. Once
   * every slot is taken it stops reading: a delivery's end wakes the loop, which scans again, so a
   * long backlog is not read whole for every callback sent.
   */
  async #dispatch(): Promise<number | undefined> {
    const now = this.#opts.clock.now();
    const slots = this.#opts.concurrency ?? defaultConcurrency;
    const seen = new Set<string>();
    let nextDue: number | undefined;
    for (let afterSeq = 0; this.#inFlight.size < slots && !this.#stop.signal.aborted; ) {
      const page = await this.#opts.store.scanOutbox(afterSeq, scanPageSize);
      for (const row of page) {
        afterSeq = row.seq;
        const order = orderOf(row);
        if (seen.has(order)) continue;
        seen.add(order);
        if (this.#inFlight.has(order)) continue;
        if (row.nextAttemptAt > now) nextDue = Math.min(nextDue ?? Infinity, row.nextAttemptAt);
        else if (this.#inFlight.size < slots) {
          const head = await this.#take(row.id);
          if (head) this.#start(order, head);
          else if (this.#opts.claims) nextDue = Math.min(nextDue ?? Infinity, now + this.#opts.claims.renewMs);
        }
      }
      if (page.length < scanPageSize) {
        this.#scannedAll = this.#inFlight.size < slots;
        return nextDue;
      }
    }
    this.#scannedAll = false;
    return nextDue;
  }

  /**
   * The message whole, once it is this manager's to send: claimed when other managers share the
   * store; alone, as stored. Undefined when another manager holds it or it is no longer a pending head.
   */
  async #take(id: string): Promise<OutboxMessage | undefined> {
    const { claims, store } = this.#opts;
    if (!claims) return store.claimOutbox(id, '', 0);
    const owner = claims.owner();
    return owner ? store.claimOutbox(id, owner, claims.leaseMs) : undefined;
  }

  /**
   * A delivery's end wakes the loop to scan again: the next message of its order may go now, or a
   * message the full slots held back. Not when it was rescheduled and the latest scan saw every
   * pending message (issue 14): nothing else changed, so the loop only sleeps to that retry at the
   * latest — a receiver that is down would otherwise have each failed attempt read its whole backlog.
   */
  #start(order: string, head: OutboxMessage): void {
    let retryAt: number | undefined;
    const delivery = this.#deliver(head)
      .then((rescheduled) => (retryAt = rescheduled))
      .finally(() => {
        this.#inFlight.delete(order);
        if (retryAt === undefined || !this.#scannedAll || this.#idleWaiters.length > 0) this.wake();
        else this.#retryBy(retryAt);
      });
    this.#inFlight.set(order, delivery);
  }

  /** The loop looks again by `at` at the latest: a sleep past it is cut short and taken up again to it. */
  #retryBy(at: number): void {
    this.#retryDue = Math.min(this.#retryDue ?? Infinity, at);
    this.#sleep?.abort(retargeted);
  }

  /** Sends a head and records the outcome; the time of its next attempt when it was rescheduled. */
  async #deliver(message: OutboxMessage): Promise<number | undefined> {
    const posted = new AbortController();
    const renewing = this.#renewWhile(message, posted.signal);
    let outcome: Outcome | undefined;
    try {
      outcome = await this.#post(message);
    } finally {
      posted.abort();
      await renewing;
    }
    if (!outcome) return undefined;
    try {
      return await this.#besideOtherOutcomes(() => this.#record(message, outcome));
    } catch (err) {
      this.#opts.log?.error({ err, messageId: message.id }, 'recording a callback outcome failed; it will be sent again');
      return undefined;
    }
  }

  /** Keeps the claim on `message` (when claims are on) until `done`. */
  async #renewWhile(message: OutboxMessage, done: AbortSignal): Promise<void> {
    const { claims, clock, log } = this.#opts;
    if (!claims) return;
    for (;;) {
      try {
        await clock.sleep(claims.renewMs, done);
      } catch {
        return;
      }
      await this.#take(message.id).catch((err: unknown) => log?.error({ err, messageId: message.id }, 'renewing a callback claim failed'));
    }
  }

  /** `undefined` when cut off by `stop()`: in doubt, so left pending. */
  async #post(message: OutboxMessage): Promise<Outcome | undefined> {
    const signal = AbortSignal.any([this.#stop.signal, AbortSignal.timeout(this.#opts.timeoutMs)]);
    try {
      const res = await this.#send(message.url, { headers: message.headers, body: message.body, signal });
      const ok = res.status >= 200 && res.status < 300;
      return ok ? { ok: true } : { ok: false, error: `HTTP ${res.status} ${res.statusText}`.trim() };
    } catch (err) {
      if (this.#stop.signal.aborted) return undefined;
      return { ok: false, error: describeFailure(err, this.#opts.timeoutMs) };
    }
  }

  /** Writes the outcome; the next attempt's time when the message was rescheduled. */
  async #record(message: OutboxMessage, outcome: Outcome): Promise<number | undefined> {
    const { clock, log, store } = this.#opts;
    const now = clock.now();
    const attempts = message.attempts + 1;
    const at = new Date(now).toISOString();
    this.#opts.onAttempt?.(outcome.ok);
    if (outcome.ok) {
      await store.updateOutbox({ ...message, attempts, deliveredAt: at });
      return undefined;
    }
    const failed = { ...message, attempts, lastError: outcome.error };
    const context = { messageId: message.id, url: message.url, attempts, error: outcome.error };
    if (shouldGiveUp(this.#opts, message.createdAt, now)) {
      await store.updateOutbox({ ...failed, abandonedAt: at });
      log?.error(context, 'callback abandoned: retry budget spent');
      return undefined;
    }
    const nextAttemptAt = now + backoffDelay(this.#opts, attempts, message.id);
    await store.updateOutbox({ ...failed, nextAttemptAt });
    log?.warn({ ...context, nextAttemptAt: new Date(nextAttemptAt).toISOString() }, 'callback failed; will retry');
    return nextAttemptAt;
  }

  /** Sleeps to `due`, or to an earlier retry rescheduled meanwhile (`#retryBy`), until woken or stopped. */
  async #sleepUntil(due: number | undefined): Promise<void> {
    const { clock } = this.#opts;
    const idle = Math.min(idleRescanMs, this.#opts.claims?.leaseMs ?? idleRescanMs);
    const until = clock.now() + idle;
    for (;;) {
      if (this.#stop.signal.aborted) return;
      const target = Math.min(due ?? Infinity, this.#retryDue ?? Infinity, until);
      this.#sleep = new AbortController();
      try {
        await clock.sleep(Math.max(target - clock.now(), 0), AbortSignal.any([this.#sleep.signal, this.#stop.signal]));
        return;
      } catch {
        // Retargeted: sleep again, to the earlier time; woken or stopped: the loop decides what next.
        if (this.#sleep.signal.reason !== retargeted) return;
      }
    }
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Runs a scan once the outcomes being recorded are written; outcomes arriving meanwhile wait for it. */
  #scanAlone<T>(work: () => Promise<T>): Promise<T> {
    const run = Promise.allSettled([...this.#recording]).then(work);
    this.#scan = run.catch(() => {});
    return run;
  }

  /** Records an outcome when no scan runs, alongside any other outcome being recorded. */
  async #besideOtherOutcomes<T>(work: () => Promise<T>): Promise<T> {
    for (let scan = this.#scan; ; scan = this.#scan) {
      await scan;
      // A scan that began while this one waited is waited for too; the check and the entry
      // below are one synchronous step, so the next scan finds this outcome in `#recording`.
      if (scan === this.#scan) break;
    }
    const run = work();
    this.#recording.add(run);
    try {
      return await run;
    } finally {
      this.#recording.delete(run);
    }
  }
}

/** Messages with the same order are sent one at a time, oldest first. */
function orderOf(message: Pick<OutboxMessage, 'url' | 'orderKey'>): string {
  return message.orderKey === undefined ? message.url : `${message.url}\n${message.orderKey}`;
}

/**
 * A short, stable reason for `lastError`: the network error code when there is one — on the error
 * itself, or on its cause where a sender wraps it (as `fetch` did).
 */
function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no response within ${timeoutMs} ms`;
  const code = codeOf(err) ?? (err instanceof Error ? codeOf(err.cause) : undefined);
  if (code !== undefined) return `connection failed: ${code}`;
  return messageOf(err);
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
