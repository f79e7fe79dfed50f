/**
 * `esc_nc_cli notif`: subscribes (RFC 5277 `create-subscription`, replay from `--start-time`, an end at
 * `--stop-time`) and
 * prints each notification as it arrives, until `--count` events have come, `--timeout` seconds have
 * passed, the server says `notificationComplete`, the user stops it, or the session ends.
 * `replayComplete` and `notificationComplete` are printed but are no events, so `--count` does not
 * count them. Asking for N events and getting fewer is a failure (exit 1, what arrived still
 * printed), as is the server dropping the session; a timeout alone is the normal end of a watch [I].
 */
import type { NetconfSession, Message } from '../netconf-client/session.ts';
import { replyOutput, withoutDeclaration } from './output.ts';
import { createSubscription } from './requests.ts';

export interface WatchOptions {
  readonly stream: string;
  readonly startTime?: string;
  readonly stopTime?: string;
  readonly count?: number;
  readonly timeoutSecs?: number;
  /** Aborted when the user stops the watch (Ctrl-C): a normal end. */
  readonly signal?: AbortSignal;
}

export interface WatchResult {
  readonly ok: boolean;
  /** Why the watch failed, for stderr; undefined when the failure was printed as `<error>`. */
  readonly problem?: string;
}

type End = 'count' | 'complete' | 'timeout' | 'stopped' | 'closed';

const markers = new Set(['replayComplete', 'notificationComplete']);

/** The element a notification carries besides its `eventTime`. */
const eventOf = (n: Message): string | undefined => n.document.children.find((c) => c.name !== 'eventTime')?.name;

/** Prints below the title line (printed by the caller before anything can arrive). */
export async function watchNotifications(session: NetconfSession, o: WatchOptions, print: (text: string) => void): Promise<WatchResult> {
  let events = 0;
  let ended = false;
  let finish!: (end: End) => void;
  const finished = new Promise<End>((resolve) => (finish = (end) => ((ended = true), resolve(end))));
  session.onNotification((n) => {
    // What arrives after the end (in the same packet as the last event) is not printed: `--count N` prints N.
    if (ended) return;
    print(`${withoutDeclaration(n.text)}\n`);
    const event = eventOf(n);
    if (event === 'notificationComplete') finish('complete');
    else if (event && !markers.has(event) && ++events === o.count) finish('count');
  });

  const answer = replyOutput(await session.rpc(createSubscription(o)));
  if (!answer.ok) {
    print(answer.text);
    return { ok: false };
  }
  void session.closed.then(() => finish('closed'));
  if (o.signal?.aborted) finish('stopped');
  else o.signal?.addEventListener('abort', () => finish('stopped'), { once: true });
  const timer = o.timeoutSecs === undefined ? undefined : setTimeout(() => finish('timeout'), o.timeoutSecs * 1000);
  const end = await finished;
  clearTimeout(timer);

  if (o.count !== undefined && events < o.count) {
    return { ok: false, problem: `${events} of ${o.count} notifications arrived ${endings[end]}` };
  }
  return end === 'closed' && o.count === undefined ? { ok: false, problem: `the session ended: ${(await session.closed).message}` } : { ok: true };
}

const endings: Record<End, string> = {
  count: '',
  complete: 'before notificationComplete',
  timeout: 'before the timeout',
  stopped: 'before the watch was stopped',
  closed: 'before the session ended',
};
