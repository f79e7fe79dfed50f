/**
 * The `Store` on PostgreSQL (issue 15 item 1), on a `pg` pool, selected by `database.url`
 * (`VNFM_DATABASE_URL`). Several managers may share one database.
 *
 * Transactions are PostgreSQL's own: `transaction(fn)` takes one client from the pool, runs fn on a
 * handle bound to it between BEGIN and COMMIT, and gives the client back; a call on the store itself
 * meanwhile runs on another client and neither sees nor joins the transaction. They run
 * SERIALIZABLE, so a read-modify-write in fn behaves as if transactions ran one after another (as
 * the SQLite store's single writer gives): when PostgreSQL aborts one for a serialization failure
 * or a deadlock, fn runs again from the start on a fresh transaction, up to `maxAttempts`, so fn
 * must only call the store (it may run more than once). A failed statement aborts the whole
 * PostgreSQL transaction, so the handle remembers the first failed call: if fn swallows it, the
 * transaction cannot commit, and that failure is what it answers.
 */
import pg from 'pg';
import type { Deployment, Tenant, Vm } from '../../domain/entities.ts';
import { errors, messageOf } from '../../domain/errors.ts';
import type { DomainEvent } from '../../domain/event.ts';
import type { Operation, StepRecord } from '../../domain/operation.ts';
import type { OpMode } from '../../domain/op-mode.ts';
import type { Snapshot } from '../../domain/snapshot.ts';
import type { OperationFilter } from '../sqlite/tables/operations.ts';
import type { AppendedEvent, DeploymentFilter, EventFilter, EventWatch, EventWatchListener, OutboxMessage, Page, SnapshotFilter, Store, VmFilter } from '../store.ts';
import { backupInto, restoreFrom } from './backup.ts';
import { watchEvents } from './event-watch.ts';
import { migrate } from './migrations.ts';
import { isRetryable } from './pg-errors.ts';
import { PgSql } from './statements.ts';
import * as adminState from './tables/admin-state.ts';
import { deployments, operations, tenants, vms } from './tables/entities.ts';
import * as events from './tables/events.ts';
import * as outbox from './tables/outbox.ts';
import * as snapshots from './tables/snapshots.ts';
import * as steps from './tables/steps.ts';
import type { StoreTiming } from '../store-timing.ts';

/** Runs of one transaction before its serialization failure is answered: contention, not a bug, until then. */
const maxAttempts = 20;

/**
 * A random pause before the next run, its ceiling doubling up to 64 ms: transactions that keep
 * meeting each other (40 accepts across three managers) drift apart instead of colliding again at
 * once; 20 immediate re-runs of one accept were seen all to fail. Wall time on purpose: it spreads
 * work that is under way, it is no interval or timeout a test would wait on.
 */
function contentionPause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 64)));
}

/** bigint (int8) as a JS number: our seqs and epoch milliseconds stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Connects to `url` (postgres://…) and brings the schema up to date. `idleInTransactionMs`: the
 * server ends a transaction that sends no statement for this long (several managers: the lease), so
 * a manager paused in the middle of one — holding the event counter's lock, say — stalls the
 * others no longer than that; none of ours waits on anything but the database between statements.
 */
export async function openPostgresStore(url: string, o: PoolOptions & { timing?: StoreTiming } = {}): Promise<PostgresStore> {
  const pool = await openMigratedPool(url, o);
  return new PostgresStore({ url, pool, sql: new PgSql(pool, o.timing), closed: false, watches: new Set() });
}

export interface PoolOptions {
  idleInTransactionMs?: number;
}

/** A pool on `url` whose schema is this code's: the store's, and `vnfm migrate`'s target. */
export async function openMigratedPool(url: string, o: PoolOptions = {}): Promise<pg.Pool> {
  // A server that never answers fails the start (or a call) after 10 s instead of hanging it.
  const pool = new pg.Pool({
    connectionString: url,
    types,
    connectionTimeoutMillis: 10_000,
    ...(o.idleInTransactionMs !== undefined && { idle_in_transaction_session_timeout: o.idleInTransactionMs }),
  });
  // An idle client's error (the server restarted) is reported on the pool; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw errors.databaseUnusable(redacted(url), messageOf(err), err);
  }
  return pool;
}

/** The URL without its password, for messages and logs. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

interface Connection {
  url: string;
  pool: pg.Pool;
  sql: PgSql;
  closed: boolean;
  /** Open event watches, ended with the store. */
  watches: Set<EventWatch>;
}

/** A transaction's handle: its client, whether it is still open, and its first failed statement. */
interface TxScope {
  sql: PgSql;
  open: boolean;
  failure?: { error: unknown };
}

export class PostgresStore implements Store {
  readonly #conn: Connection;
  readonly #tx: TxScope | undefined;

  constructor(conn: Connection, tx?: TxScope) {
    this.#conn = conn;
    this.#tx = tx;
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return this.checkedTransaction({ isolation: 'SERIALIZABLE' }, fn);
  }

  /**
   * A transaction at `isolation` whose first statements are `check`'s (the lease check of a fenced
   * write, `claims.ts`), re-run as `transaction` is. READ COMMITTED serves a single fenced write:
   * it is what that write got outside a transaction, plus the lease row's lock.
   */
  async checkedTransaction<T>(
    opts: { isolation: 'SERIALIZABLE' | 'READ COMMITTED'; check?: (sql: PgSql) => Promise<void> },
    fn: (tx: Store) => Promise<T>,
  ): Promise<T> {
    if (this.#tx) {
      this.#assertTxOpen();
      await opts.check?.(this.#tx.sql);
      return fn(this);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(opts, fn);
      } catch (err) {
        if (!isRetryable(err) || attempt >= maxAttempts) throw err;
        await contentionPause(attempt);
      }
    }
  }

  /** Statements on a pooled client outside any transaction (the claims' queries). */
  get sql(): PgSql {
    this.#assertNotClosed();
    return this.#conn.sql;
  }

  async #attempt<T>(opts: { isolation: string; check?: (sql: PgSql) => Promise<void> }, fn: (tx: Store) => Promise<T>): Promise<T> {
    this.#assertNotClosed();
    const client = await this.#conn.pool.connect();
    const scope: TxScope = { sql: this.#conn.sql.on(client), open: true };
    let broken: Error | undefined;
    // The server may end the connection while fn runs no statement (a fenced write's
    // idle_in_transaction_session_timeout, claims.ts, when this process was paused): the pool
    // listens only to idle clients, and an 'error' nobody listens to ends the process.
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    try {
      await scope.sql.run(`BEGIN ISOLATION LEVEL ${opts.isolation}`);
      await opts.check?.(scope.sql);
      const result = await fn(new PostgresStore(this.#conn, scope));
      if (scope.failure) throw scope.failure.error;
      await scope.sql.run('COMMIT');
      return result;
    } catch (err) {
      // After a failed COMMIT the transaction is over already; ROLLBACK then only warns.
      await client.query('ROLLBACK').catch((rollbackFailed: unknown) => (broken = rollbackFailed as Error));
      throw isRetryable(scope.failure?.error) ? scope.failure?.error : err;
    } finally {
      scope.open = false;
      client.off('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#tx) throw errors.storeClosedByTransaction();
    if (this.#conn.closed) return;
    this.#conn.closed = true;
    await Promise.all([...this.#conn.watches].map((w) => w.close()));
    await this.#conn.pool.end();
  }

  getTenant = (name: string) => this.#run((sql) => tenants.get(sql, name));
  listTenants = (page?: Page) => this.#run((sql) => tenants.list(sql, page));
  putTenant = (tenant: Tenant) => this.#run((sql) => tenants.put(sql, tenant));
  deleteTenant = (name: string) => this.#run((sql) => tenants.remove(sql, name));

  getDeployment = (id: string) => this.#run((sql) => deployments.get(sql, id));
  getDeploymentByName = (name: string) => this.#run((sql) => deployments.getByName(sql, name));
  listDeployments = (filter?: DeploymentFilter) => this.#run((sql) => deployments.list(sql, filter));
  countDeployments = (filter?: DeploymentFilter) => this.#run((sql) => deployments.count(sql, filter));
  putDeployment = (deployment: Deployment) => this.#run((sql) => deployments.put(sql, deployment));
  deleteDeployment = (id: string) => this.#run((sql) => deployments.remove(sql, id));

  getVm = (id: string) => this.#run((sql) => vms.get(sql, id));
  getVmByName = (name: string) => this.#run((sql) => vms.getByName(sql, name));
  listVms = (filter?: VmFilter) => this.#run((sql) => vms.list(sql, filter));
  putVm = (vm: Vm) => this.#run((sql) => vms.put(sql, vm));
  deleteVm = (id: string) => this.#run((sql) => vms.remove(sql, id));

  getSnapshot = (id: string) => this.#run((sql) => snapshots.get(sql, id));
  listSnapshots = (filter?: SnapshotFilter) => this.#run((sql) => snapshots.list(sql, filter));
  countSnapshots = (filter?: SnapshotFilter) => this.#run((sql) => snapshots.count(sql, filter));
  putSnapshot = (snapshot: Snapshot) => this.#run((sql) => snapshots.put(sql, snapshot));
  deleteSnapshot = (id: string) => this.#run((sql) => snapshots.remove(sql, id));

  getOperation = (id: string) => this.#run((sql) => operations.get(sql, id));
  listOperations = (filter: OperationFilter) => this.#run((sql) => operations.list(sql, filter));
  putOperation = (op: Operation) => this.#run((sql) => operations.put(sql, op));

  getSteps = (operationId: string) => this.#run((sql) => steps.list(sql, operationId));
  recordStep = (step: StepRecord) => this.#run((sql) => steps.record(sql, step));

  /** Its two statements in one transaction: a seq is never spent without its event (`tables/events.ts`). */
  appendEvent = (event: DomainEvent): Promise<AppendedEvent> =>
    this.#tx ? this.#run((sql) => events.append(sql, event)) : this.transaction((tx) => tx.appendEvent(event));
  listEvents = (filter?: EventFilter) => this.#run((sql) => events.list(sql, filter));
  lastEventSeq = () => this.#run((sql) => events.lastSeq(sql));
  deleteEventsBefore = (time: string) => this.#run((sql) => events.deleteBefore(sql, time));

  watchEvents = (listener: EventWatchListener): EventWatch => {
    if (this.#tx) throw errors.notInTransaction('watching events');
    this.#assertNotClosed();
    const { watches } = this.#conn;
    const watch = watchEvents({ url: this.#conn.url, listener });
    const handle: EventWatch = { shared: true, close: () => (watches.delete(handle), watch.close()) };
    watches.add(handle);
    return handle;
  };

  enqueueOutbox = (message: OutboxMessage) => this.#run((sql) => outbox.enqueue(sql, message));
  scanOutbox = (afterSeq: number, limit: number) => this.#run((sql) => outbox.scan(sql, afterSeq, limit));
  claimOutbox = (id: string, owner: string, leaseMs: number) => this.#run((sql) => outbox.claim(sql, id, owner, leaseMs));
  updateOutbox = (message: OutboxMessage) => this.#run((sql) => outbox.update(sql, message));
  listOutbox = (filter?: { pending?: boolean } & Page) => this.#run((sql) => outbox.list(sql, filter));

  getOpMode = () => this.#run((sql) => adminState.getOpMode(sql));
  putOpMode = (mode: OpMode) => this.#run((sql) => adminState.putOpMode(sql, mode));

  backupInto = (path: string) => this.#outsideTransaction('a backup', (pool) => backupInto(pool, path));
  restoreFrom = (path: string) => this.#outsideTransaction('a restore', (pool) => restoreFrom(pool, path));

  /** Whole-database work that takes its own client and transaction. */
  async #outsideTransaction<T>(what: string, op: (pool: pg.Pool) => Promise<T>): Promise<T> {
    if (this.#tx) throw errors.notInTransaction(what);
    this.#assertNotClosed();
    return op(this.#conn.pool);
  }

  /** On the store: one statement on any pooled client. On a transaction's handle: on its client, while it is open. */
  async #run<T>(op: (sql: PgSql) => Promise<T>): Promise<T> {
    const tx = this.#tx;
    if (!tx) {
      this.#assertNotClosed();
      return op(this.#conn.sql);
    }
    this.#assertTxOpen();
    try {
      return await op(tx.sql);
    } catch (error) {
      tx.failure ??= { error };
      throw error;
    }
  }

  #assertTxOpen(): void {
    if (!this.#tx?.open) throw errors.transactionEnded();
  }

  #assertNotClosed(): void {
    if (this.#conn.closed) throw errors.storeClosed();
  }
}
