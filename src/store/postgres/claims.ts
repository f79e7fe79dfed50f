/**
 * The claims of several managers on one PostgreSQL (issue 15 item 2; the port is `../claims.ts`).
 *
 * - `instances`: one row per manager, its `heartbeat_at` set from the database's `now()`, renewed
 *   every `ha.heartbeat.secs` on a client of its own (never the pool's: busy operations that hold
 *   every pooled client must not make a live manager look dead). A heartbeat touches only that row.
 * - `leases`: one row per run key with its owner and epoch. Free keys (a RUNNING operation, no
 *   lease) are claimed by whoever asks first; keys of an instance whose heartbeat is older than
 *   `ha.lease.secs` (by the database's clock, never a local one) are taken over with epoch + 1, its
 *   row deleted first. Rows another transaction has locked are skipped (`FOR UPDATE SKIP LOCKED`).
 * - Every fenced write locks its lease row `FOR SHARE` and checks owner and epoch in its own
 *   transaction: a takeover skips a lease row such a write holds (`SKIP LOCKED`) and takes it at
 *   a later round, once the write committed, and a write after a takeover fails with `leaseLost`. Such a transaction may not stay open longer than a lease (a paused process
 *   would hold the row and stall its takeover), so it sets `idle_in_transaction_session_timeout`.
 * - `cancel_requests`: an undeploy accepted on one instance for a key another owns; the owner takes
 *   them at its next heartbeat.
 * - The instance id is the manager's one identity in the cluster: the callback outbox claims its
 *   messages under it too (`outbox.claimed_by`), and they follow it when it registers anew.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { errors } from '../../domain/errors.ts';
import type { Operation } from '../../domain/operation.ts';
import type { CancelRequest, Claimed, Claims, ClusterInstance, Lease, OwnedOperation } from '../claims.ts';
import { fencedStore } from '../fenced-store.ts';
import type { Store } from '../store.ts';
import type { PostgresStore } from './postgres-store.ts';
import type { PgSql, Row } from './statements.ts';

/** An operation's run key (`OperationRunner.keyOf`) in SQL, as the `operations_running_key` index has it. */
const runKey = (o: string) => `COALESCE('deployment:' || ${o}.deployment_id, 'tenant:' || ${o}.tenant)`;

export interface ClaimsTiming {
  heartbeatSecs: number;
  leaseSecs: number;
  /** Milliseconds of a monotonic clock (default `performance.now`): how old the last heartbeat is here. */
  now?: () => number;
}

export function postgresClaims(store: PostgresStore, url: string, timing: ClaimsTiming): Claims {
  return new PostgresClaims(store, url, timing);
}

class PostgresClaims implements Claims {
  readonly shared = true;
  readonly #store: PostgresStore;
  readonly #url: string;
  readonly #leaseSecs: number;
  /** How long after a heartbeat this instance still acts: a heartbeat less than the lease, so it stops before anyone takes over. */
  readonly #freshMs: number;
  readonly #now: () => number;
  #id = '';
  #lastBeat = Number.NEGATIVE_INFINITY;
  #client: Promise<pg.Client> | undefined;

  constructor(store: PostgresStore, url: string, timing: ClaimsTiming) {
    if (timing.leaseSecs <= timing.heartbeatSecs) throw errors.settingValueInvalid('ha.lease.secs', String(timing.leaseSecs), `more than ha.heartbeat.secs (${timing.heartbeatSecs})`);
    this.#store = store;
    this.#url = url;
    this.#leaseSecs = timing.leaseSecs;
    this.#freshMs = (timing.leaseSecs - timing.heartbeatSecs) * 1000;
    this.#now = timing.now ?? (() => performance.now());
  }

  instanceId(): string {
    return this.#id;
  }

  async start(): Promise<void> {
    await this.#register();
  }

  async heartbeat(): Promise<'alive' | 'lost'> {
    const sent = this.#now();
    const renewed = await this.#beat(
      'UPDATE instances SET heartbeat_at = now() WHERE id = $1 AND heartbeat_at >= now() - make_interval(secs => $2)',
      [this.#id, this.#leaseSecs],
    );
    if (renewed === 1) {
      this.#lastBeat = sent;
      return 'alive';
    }
    // Paused past its lease: whatever it held is (or is about to be) another's. A new identity, so
    // nothing it still runs under the old one can pass a fence.
    const old = this.#id;
    await this.#beat('DELETE FROM instances WHERE id = $1', [old]);
    await this.#register();
    // The callback outbox claims under this identity too, but its claims are no fence: they hold
    // until their own `claim_until`, and its POSTs go on through a re-registration. The rows still
    // claimed under the old id are this process's deliveries: they follow it to the new id (their
    // expiry unchanged), so its renewals and scans keep them instead of waiting them out as another's.
    await this.#beat('UPDATE outbox SET claimed_by = $1 WHERE claimed_by = $2', [this.#id, old]);
    return 'lost';
  }

  fresh(): boolean {
    return this.#now() - this.#lastBeat < this.#freshMs;
  }

  async claim(): Promise<Claimed> {
    if (!this.fresh()) return { claimed: [], takenOver: [] };
    const sql = this.#store.sql;
    await sql.run('DELETE FROM instances WHERE heartbeat_at < now() - make_interval(secs => ?)', this.#leaseSecs);
    const claimed = await sql.all(
      `INSERT INTO leases (run_key, owner, epoch)
         SELECT DISTINCT ${runKey('o')}, ?, 1 FROM operations o
          WHERE o.status = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.run_key = ${runKey('o')})
       ON CONFLICT (run_key) DO NOTHING
       RETURNING run_key, owner, epoch`,
      this.#id,
    );
    const takenOver = await sql.all(
      `WITH orphaned AS (
         SELECT l.run_key FROM leases l
          WHERE NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = l.owner)
          FOR UPDATE OF l SKIP LOCKED
       )
       UPDATE leases l SET owner = ?, epoch = l.epoch + 1 FROM orphaned WHERE l.run_key = orphaned.run_key
       RETURNING l.run_key, l.owner, l.epoch`,
      this.#id,
    );
    return { claimed: claimed.map(leaseOf), takenOver: takenOver.map(leaseOf) };
  }

  async owned(): Promise<OwnedOperation[]> {
    const rows = await this.#store.sql.all(
      `SELECT o.json, l.run_key, l.owner, l.epoch FROM leases l
         JOIN operations o ON o.status = 'RUNNING' AND ${runKey('o')} = l.run_key
        WHERE l.owner = ? ORDER BY o.seq`,
      this.#id,
    );
    return rows.map((row) => ({ op: row.json as Operation, lease: leaseOf(row) }));
  }

  async release(lease: Lease): Promise<boolean> {
    const removed = await this.#store.sql.run(
      `DELETE FROM leases WHERE run_key = ? AND owner = ? AND epoch = ?
          AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.status = 'RUNNING' AND ${runKey('o')} = ?)`,
      lease.key, lease.owner, lease.epoch, lease.key,
    );
    return removed === 1;
  }

  fenced(lease: Lease, onLost: () => void): Store {
    const check = (sql: PgSql) => this.#checkLease(sql, lease, onLost);
    return fencedStore(this.#store, {
      write: (fn) => this.#store.checkedTransaction({ isolation: 'READ COMMITTED', check }, fn),
      transaction: (fn) => this.#store.checkedTransaction({ isolation: 'SERIALIZABLE', check }, fn),
    });
  }

  async requestCancel(request: CancelRequest): Promise<void> {
    await this.#store.sql.run(
      'INSERT INTO cancel_requests (run_key, by_operation, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      request.key, request.byOperation, request.reason,
    );
  }

  async takeCancelRequests(): Promise<CancelRequest[]> {
    const rows = await this.#store.sql.all(
      `DELETE FROM cancel_requests c USING leases l WHERE l.run_key = c.run_key AND l.owner = ?
       RETURNING c.run_key, c.by_operation, c.reason`,
      this.#id,
    );
    return rows.map((row) => ({ key: String(row.run_key), byOperation: String(row.by_operation), reason: String(row.reason) }));
  }

  async instances(): Promise<ClusterInstance[]> {
    const rows = await this.#store.sql.all(
      `SELECT i.id, i.host, (EXTRACT(EPOCH FROM now() - i.heartbeat_at) * 1000)::bigint AS age,
              COALESCE((SELECT json_agg(o.id ORDER BY o.seq) FROM leases l
                          JOIN operations o ON o.status = 'RUNNING' AND ${runKey('o')} = l.run_key
                         WHERE l.owner = i.id), '[]'::json) AS operations
         FROM instances i ORDER BY i.started_at, i.id`,
    );
    return rows.map((row) => ({ id: String(row.id), host: String(row.host), heartbeatAgeMs: Number(row.age), operations: row.operations as string[] }));
  }

  /** Leaves the cluster at once (others take its keys without waiting out the lease), through the pool when the heartbeat's connection was lost. */
  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    const c = await client?.catch(() => undefined);
    if (!this.#id) return;
    const gone = c ? c.query('DELETE FROM instances WHERE id = $1', [this.#id]) : this.#store.sql.run('DELETE FROM instances WHERE id = ?', this.#id);
    await gone.catch(() => undefined);
    await c?.end().catch(() => undefined);
  }

  async #register(): Promise<void> {
    this.#id = randomUUID();
    const sent = this.#now();
    await this.#beat('INSERT INTO instances (id, host) VALUES ($1, $2)', [this.#id, hostname()]);
    this.#lastBeat = sent;
  }

  /** One statement on the heartbeat's own client; a broken connection is dropped and made again next time. */
  async #beat(text: string, params: unknown[]): Promise<number> {
    this.#client ??= connect(this.#url, this.#leaseSecs * 1000);
    const current = this.#client;
    try {
      return (await (await current).query(text, params)).rowCount ?? 0;
    } catch (err) {
      if (this.#client === current) this.#client = undefined;
      void current.then((c) => c.end()).catch(() => undefined);
      throw err;
    }
  }

  async #checkLease(sql: PgSql, lease: Lease, onLost: () => void): Promise<void> {
    const held = await sql.get(
      `SELECT set_config('idle_in_transaction_session_timeout', ?, true) FROM leases
        WHERE run_key = ? AND owner = ? AND epoch = ? FOR SHARE`,
      String(this.#leaseSecs * 1000), lease.key, lease.owner, lease.epoch,
    );
    if (held) return;
    onLost();
    throw errors.leaseLost(lease.key);
  }
}

/** The heartbeat's client: a database that stops answering fails a beat within a lease (then a new client), never hangs the loop. */
async function connect(url: string, timeoutMs: number): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * The hosts of the managers alive on a database, one entry per manager, oldest first: a heartbeat
 * younger than the lease by the database's clock, as a takeover judges them. Nothing before this
 * schema had managers, so a database without `instances` has none. `vnfm migrate` refuses such a target.
 */
export async function liveInstanceHosts(db: pg.ClientBase, leaseSecs: number): Promise<string[]> {
  const { rows: [table] } = await db.query<{ present: boolean }>("SELECT to_regclass('instances') IS NOT NULL AS present");
  if (!table?.present) return [];
  const { rows } = await db.query<{ host: string }>(
    'SELECT host FROM instances WHERE heartbeat_at >= now() - make_interval(secs => $1) ORDER BY started_at, id',
    [leaseSecs],
  );
  return rows.map((row) => row.host);
}

function leaseOf(row: Row): Lease {
  return { key: String(row.run_key), owner: String(row.owner), epoch: Number(row.epoch) };
}
