/**
 * Hears the events other managers append to a shared database (issue 15 item 3): LISTEN on the
 * schema's events channel (`tables/events.ts`), on a connection of its own — a pooled client is
 * handed to other work between queries and would drop the LISTEN with it.
 *
 * A NOTIFY carries a seq only; the listener reads the table on from its own last seq. Notifications
 * sent while the connection was down are lost, so after every (re)connect, once listening, the
 * listener is told `appended(undefined)`: read on, something may have been missed. A lost
 * connection is retried after `retryMs`, doubling up to `maxRetryMs`, until `close`.
 */
import pg from 'pg';
import type { EventWatch, EventWatchListener } from '../store.ts';
import { eventsChannel } from './tables/events.ts';

export interface PgEventWatchOptions {
  url: string;
  listener: EventWatchListener;
  retryMs?: number;
  maxRetryMs?: number;
}

export function watchEvents(opts: PgEventWatchOptions): EventWatch {
  const { url, listener } = opts;
  const firstRetryMs = opts.retryMs ?? 200;
  const maxRetryMs = opts.maxRetryMs ?? 5_000;
  let retryMs = firstRetryMs;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const lost = (c: pg.Client, err: unknown) => {
    if (client !== c) return;
    client = undefined;
    c.end().catch(() => undefined);
    if (closed) return;
    listener.failed?.(err);
    retry = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  };

  const connect = async () => {
    retry = undefined;
    const c = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 10_000 });
    client = c;
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c, new Error('event watch connection ended')));
    c.on('notification', (n) => {
      const seq = Number(n.payload);
      listener.appended(Number.isSafeInteger(seq) ? seq : undefined);
    });
    try {
      await c.connect();
      const { rows } = await c.query<{ channel: string }>(`SELECT ${eventsChannel} AS channel`);
      await c.query(`LISTEN ${c.escapeIdentifier(String(rows[0]?.channel))}`);
    } catch (err) {
      lost(c, err);
      return;
    }
    if (client !== c) return;
    retryMs = firstRetryMs;
    listener.appended(undefined);
  };

  void connect();
  return {
    shared: true,
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
