/**
 * The managers' shared state on PostgreSQL (issue 15 item 4; the port is `config/shared-state.ts`):
 * run-time settings, the credential document and the values made once live in the database's
 * tables (`tables/shared.ts`), so every node answers alike.
 *
 * One dedicated connection per manager, kept for its whole run, does two things:
 * - it LISTENs on the shared channel, so a change committed by one node reaches the others at
 *   once; when the connection is lost it is made again (backing off) and the manager is told
 *   `all`, since what was announced meanwhile is lost: it reads everything again;
 * - it holds a session-level SHARED advisory lock while the manager runs, which is how "every node
 *   down" is told apart without a table of instances: at start, before taking the shared lock, a
 *   manager tries the EXCLUSIVE one without waiting; it gets it only when no other manager holds
 *   the shared one, i.e. none runs, and then clears the run-time settings (they last "until every
 *   node is down"), takes the shared lock and drops the exclusive one. A node that crashes loses
 *   its connection, and PostgreSQL releases its lock with it. A node starting meanwhile waits for
 *   the shared lock until the exclusive one is dropped, so it never sees the layer half cleared.
 *   The lock's second key is the schema's name hashed: one database may hold several
 *   installations, one per schema (the tests do).
 */
import pg from 'pg';
import type { CredentialStore, SharedState, SharedTopic } from '../../config/shared-state.ts';
import { sharedTopics } from '../../config/shared-state.ts';
import { messageOf } from '../../domain/errors.ts';
import { systemClock, type Clock } from '../../time/clock.ts';
import { PgSql } from './statements.ts';
import * as shared from './tables/shared.ts';

/** The advisory lock's first key: any fixed number, not the migrations'. */
const runningLock = 0x0e5c_5a7e;
const lockKeys = `${runningLock}, hashtext(current_schema())`;

/** How the dedicated connection shows in `pg_stat_activity`, for operators (and tests) to find it. */
export const sharedStateApplication = 'openvnfm shared state';

/** Waits between reconnection attempts of the listening connection. */
const reconnectBackoff = { initialMs: 250, maxMs: 10_000 };

export interface SharedStateLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Joins the running managers on `url` (clearing the run-time settings if it is the first) and
 * listens. Its statements run on `sql`, the store's pool, whose opening migrated the schema: a
 * manager migrates once and keeps one pool (the dedicated connection aside).
 */
export async function openPostgresSharedState(url: string, sql: PgSql, o: { log: SharedStateLog; clock?: Clock }): Promise<SharedState> {
  const channel = new SharedChannel(url, o.log, o.clock ?? systemClock);
  await channel.open();
  // Once: a second close answers the first's outcome. The pool is the store's: it closes with the store.
  let closed: Promise<void> | undefined;
  return sharedState(sql, channel, () => (closed ??= channel.close()));
}

function sharedState(sql: PgSql, channel: SharedChannel, close: () => Promise<void>): SharedState {
  const credentials: CredentialStore = {
    where: "the database's credential record",
    read: () => shared.readDocument(sql, 'credentials'),
    create: (text) => shared.createDocument(sql, 'credentials', text),
    write: (text) => shared.writeCredentials(sql, text),
  };
  return {
    settings: {
      read: () => shared.readRuntime(sql),
      change: (values) => shared.changeRuntime(sql, values),
      clear: () => shared.clearRuntime(sql),
    },
    credentials,
    madeOnce: async (name, make) => (await shared.readDocument(sql, name)) ?? shared.createDocument(sql, name, await make()),
    watch: (listener) => {
      channel.listeners.push(listener);
      queueMicrotask(() => listener('all'));
    },
    close,
  };
}

/** The dedicated connection: the running lock and LISTEN, made again when lost. */
class SharedChannel {
  readonly listeners: ((topic: SharedTopic) => void)[] = [];
  readonly #url: string;
  readonly #log: SharedStateLog;
  readonly #clock: Clock;
  readonly #stop = new AbortController();
  #client: pg.Client | undefined;

  constructor(url: string, log: SharedStateLog, clock: Clock) {
    this.#url = url;
    this.#log = log;
    this.#clock = clock;
  }

  /** The first connection: the only one that may find itself alone and clear the run-time settings. */
  async open(): Promise<void> {
    await this.#connect(async (client) => {
      const { rows } = await client.query<{ alone: boolean }>(`SELECT pg_try_advisory_lock(${lockKeys}) AS alone`);
      if (!rows[0]?.alone) return;
      await shared.dropRuntime(new PgSql(client as pg.PoolClient));
      await client.query(`SELECT pg_advisory_lock_shared(${lockKeys})`);
      await client.query(`SELECT pg_advisory_unlock(${lockKeys})`);
      this.#log.info({}, 'first manager up on the database: run-time settings cleared');
    });
  }

  async close(): Promise<void> {
    this.#stop.abort();
    await this.#client?.end().catch(() => undefined);
  }

  async #connect(first: (client: pg.Client) => Promise<void> = async () => undefined): Promise<void> {
    // Keep-alive: a peer gone without a FIN is noticed, and the connection made again.
    const client = new pg.Client({ connectionString: this.#url, keepAlive: true, connectionTimeoutMillis: 10_000, application_name: sharedStateApplication });
    client.on('error', () => undefined); // 'end' follows, and handles it
    try {
      await client.connect();
      await first(client);
      // Waits while a starting node clears. When `first` took it already this holds it twice;
      // both go when the session ends, and nothing else ever releases it.
      await client.query(`SELECT pg_advisory_lock_shared(${lockKeys})`);
      await client.query(`LISTEN ${shared.sharedChannel}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.#stop.signal.aborted) return void (await client.end().catch(() => undefined));
    client.on('notification', (message) => {
      const topic = sharedTopics.find((t) => t === message.payload);
      if (topic) for (const listener of this.listeners) listener(topic);
    });
    client.once('end', () => void this.#reconnect());
    this.#client = client;
  }

  /** Until closed: connects again, backing off, then tells every listener to read everything. */
  async #reconnect(): Promise<void> {
    if (this.#stop.signal.aborted) return;
    this.#log.warn({}, 'lost the shared-state connection to the database; connecting again');
    for (let waitMs = reconnectBackoff.initialMs; ; waitMs = Math.min(waitMs * 2, reconnectBackoff.maxMs)) {
      try {
        await this.#clock.sleep(waitMs, this.#stop.signal);
        await this.#connect();
        break;
      } catch (err) {
        if (this.#stop.signal.aborted) return;
        this.#log.warn({ error: messageOf(err) }, 'shared-state connection to the database not made yet');
      }
    }
    this.#log.info({}, 'shared-state connection to the database made again');
    for (const listener of this.listeners) listener('all');
  }
}
