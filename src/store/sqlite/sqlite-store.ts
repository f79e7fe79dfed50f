/**
 * The embedded `Store` on `node:sqlite` (IMPL-4), one connection per store.
 *
 * Concurrency: statements are synchronous, but a transaction's `fn` awaits between them. A
 * transaction therefore holds the `Gate` from BEGIN IMMEDIATE to COMMIT/ROLLBACK, and every call on
 * the store itself (reads too) waits for the gate, so no outside statement lands inside someone
 * else's transaction. Calls on the transaction's handle run directly; the handle refuses to work
 * once its transaction has ended. Inside `fn`, use the handle: awaiting the store itself there
 * waits for `fn` to finish, which never happens.
 *
 * Commits are batched (`commit-batch.ts`): the writes and transactions submitted in one turn of the
 * event loop share one BEGIN … COMMIT, each transaction in its own savepoint (a single statement
 * needs none), and a read submitted behind waiting writes joins them, so every caller still sees
 * its calls run in the order it made them.
 *
 * Durability (IMPL-4): a commit is answered only once it is on disk, through the group commit
 * (`group-commit.ts`): the gate is released at COMMIT, so the next batch commits while this one's
 * fsync runs and shares the following one. A read waits for the commits before it too, so no
 * caller acts on a record a power loss could still undo.
 */
import type { Deployment, Tenant, Vm } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import type { DomainEvent } from '../../domain/event.ts';
import type { Operation, StepRecord } from '../../domain/operation.ts';
import type { OpMode } from '../../domain/op-mode.ts';
import type { Snapshot } from '../../domain/snapshot.ts';
import type { DeploymentFilter, EventFilter, EventWatch, OutboxMessage, Page, SnapshotFilter, Store, VmFilter } from '../store.ts';
import { backupInto, restoreFrom } from './backup.ts';
import { openConnection } from './connection.ts';
import { CommitBatch, type TxScope } from './commit-batch.ts';
import { Gate } from './gate.ts';
import type { FileHandle } from 'node:fs/promises';
import { walGroupCommit, type GroupCommit } from './group-commit.ts';
import { migrate } from './migrations.ts';
import { Sql } from './statements.ts';
import type { StoreTiming } from '../store-timing.ts';
import * as adminState from './tables/admin-state.ts';
import * as deployments from './tables/deployments.ts';
import * as events from './tables/events.ts';
import * as operations from './tables/operations.ts';
import * as outbox from './tables/outbox.ts';
import * as snapshots from './tables/snapshots.ts';
import * as steps from './tables/steps.ts';
import * as tenants from './tables/tenants.ts';
import * as vms from './tables/vms.ts';

/**
 * Opens (creating if needed) and migrates the database at `path`; `':memory:'` works too.
 * `walSync` replaces the WAL's fdatasync (tests hold it to see who waits for durability); `timing`
 * counts the statements and commits.
 */
export async function openSqliteStore(path: string, opts: { walSync?: (wal: FileHandle) => Promise<void>; timing?: StoreTiming } = {}): Promise<Store> {
  const db = openConnection(path);
  try {
    migrate(db);
    const wal = await walGroupCommit(path, opts.walSync);
    const sql = new Sql(db, opts.timing);
    const gate = new Gate();
    const conn: Connection = {
      sql,
      gate,
      closed: false,
      commits: wal.group,
      closeWal: wal.close,
      batch: new CommitBatch({ sql, gate, isClosed: () => conn.closed, committed: () => wal.group?.committed() }),
    };
    return new SqliteStore(conn);
  } catch (err) {
    db.close();
    throw err;
  }
}

interface Connection {
  sql: Sql;
  gate: Gate;
  closed: boolean;
  /** Absent where fsync buys nothing (memory, tmpfs). */
  commits: GroupCommit | undefined;
  closeWal: () => Promise<void>;
  batch: CommitBatch;
}

export class SqliteStore implements Store {
  readonly #conn: Connection;
  readonly #tx: TxScope | undefined;

  constructor(conn: Connection, tx?: TxScope) {
    this.#conn = conn;
    this.#tx = tx;
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.#tx) {
      this.#assertTxOpen();
      return fn(this);
    }
    return this.#committed((scope) => fn(new SqliteStore(this.#conn, scope)));
  }

  /** `run` in the next commit batch, answered once that commit is durable; `single` as `CommitBatch.submit`'s. */
  async #committed<T>(run: (scope: TxScope) => T | Promise<T>, single = false): Promise<T> {
    const result = await this.#conn.batch.submit(run, single);
    await this.#conn.commits?.durable();
    return result;
  }

  async close(): Promise<void> {
    if (this.#tx) throw errors.storeClosedByTransaction();
    await this.#conn.batch.idle();
    const closing = await this.#conn.gate.whenFree(() => {
      if (this.#conn.closed) return false;
      this.#conn.closed = true;
      return true;
    });
    if (!closing) return;
    // Commits already made are made durable before SQLite checkpoints and removes the WAL.
    await this.#conn.closeWal();
    this.#conn.sql.db.exec('PRAGMA optimize');
    this.#conn.sql.db.close();
  }

  getTenant = (name: string) => this.#run((sql) => tenants.get(sql, name));
  listTenants = (page?: Page) => this.#run((sql) => tenants.list(sql, page));
  putTenant = (tenant: Tenant) => this.#write((sql) => tenants.put(sql, tenant));
  deleteTenant = (name: string) => this.#write((sql) => tenants.remove(sql, name));

  getDeployment = (id: string) => this.#run((sql) => deployments.get(sql, id));
  getDeploymentByName = (name: string) => this.#run((sql) => deployments.getByName(sql, name));
  listDeployments = (filter?: DeploymentFilter) => this.#run((sql) => deployments.list(sql, filter));
  countDeployments = (filter?: DeploymentFilter) => this.#run((sql) => deployments.count(sql, filter));
  putDeployment = (deployment: Deployment) => this.#write((sql) => deployments.put(sql, deployment));
  deleteDeployment = (id: string) => this.#write((sql) => deployments.remove(sql, id));

  getVm = (id: string) => this.#run((sql) => vms.get(sql, id));
  getVmByName = (name: string) => this.#run((sql) => vms.getByName(sql, name));
  listVms = (filter?: VmFilter) => this.#run((sql) => vms.list(sql, filter));
  putVm = (vm: Vm) => this.#write((sql) => vms.put(sql, vm));
  deleteVm = (id: string) => this.#write((sql) => vms.remove(sql, id));

  getSnapshot = (id: string) => this.#run((sql) => snapshots.get(sql, id));
  listSnapshots = (filter?: SnapshotFilter) => this.#run((sql) => snapshots.list(sql, filter));
  countSnapshots = (filter?: SnapshotFilter) => this.#run((sql) => snapshots.count(sql, filter));
  putSnapshot = (snapshot: Snapshot) => this.#write((sql) => snapshots.put(sql, snapshot));
  deleteSnapshot = (id: string) => this.#write((sql) => snapshots.remove(sql, id));

  getOperation = (id: string) => this.#run((sql) => operations.get(sql, id));
  listOperations = (filter: operations.OperationFilter) => this.#run((sql) => operations.list(sql, filter));
  putOperation = (op: Operation) => this.#write((sql) => operations.put(sql, op));

  getSteps = (operationId: string) => this.#run((sql) => steps.list(sql, operationId));
  recordStep = (step: StepRecord) => this.#write((sql) => steps.record(sql, step));

  appendEvent = (event: DomainEvent) => this.#write((sql) => events.append(sql, event));
  listEvents = (filter?: EventFilter) => this.#run((sql) => events.list(sql, filter));
  lastEventSeq = () => this.#run((sql) => events.lastSeq(sql));
  deleteEventsBefore = (time: string) => this.#write((sql) => events.deleteBefore(sql, time));

  /** One process owns the file: no other appends to hear. */
  watchEvents = (): EventWatch => {
    if (this.#tx) throw errors.notInTransaction('watching events');
    return { shared: false, close: async () => undefined };
  };

  enqueueOutbox = (message: OutboxMessage) => this.#write((sql) => outbox.enqueue(sql, message));
  scanOutbox = (afterSeq: number, limit: number) => this.#run((sql) => outbox.scan(sql, afterSeq, limit));
  /** One manager per file: a pending head is its to send, no claim is written. */
  claimOutbox = (id: string) => this.#run((sql) => outbox.claimable(sql, id));
  updateOutbox = (message: OutboxMessage) => this.#write((sql) => outbox.update(sql, message));
  listOutbox = (filter?: { pending?: boolean } & Page) => this.#run((sql) => outbox.list(sql, filter));

  getOpMode = () => this.#run((sql) => adminState.getOpMode(sql));
  putOpMode = (mode: OpMode) => this.#write((sql) => adminState.putOpMode(sql, mode));

  backupInto = (path: string) => this.#outsideTransaction('a backup', (sql) => backupInto(sql.db, path));
  restoreFrom = (path: string) => this.#outsideTransaction('a restore', (sql) => restoreFrom(sql.db, path), true);

  /** Whole-database work (VACUUM, ATTACH) that SQLite runs only outside a transaction. */
  async #outsideTransaction<T>(what: string, op: (sql: Sql) => T, writes = false): Promise<T> {
    if (this.#tx) throw errors.notInTransaction(what);
    await this.#conn.batch.idle();
    const result = await this.#conn.gate.whenFree(() => {
      this.#assertNotClosed();
      const done = op(this.#conn.sql);
      if (writes) this.#conn.commits?.committed();
      return done;
    });
    await this.#conn.commits?.durable();
    return result;
  }

  /**
   * On the store: after the writes submitted before it, answered once every commit before it is
   * durable. On a transaction's handle: at once, while it is open.
   */
  async #run<T>(op: (sql: Sql) => T): Promise<T> {
    if (this.#tx) {
      this.#assertTxOpen();
      return op(this.#conn.sql);
    }
    if (this.#conn.batch.pending) return this.#committed(() => op(this.#conn.sql), true);
    const result = await this.#conn.gate.whenFree(() => {
      this.#assertNotClosed();
      return op(this.#conn.sql);
    });
    await this.#conn.commits?.durable();
    return result;
  }

  /**
   * `#run` for a statement that writes: on the store it joins the next commit batch. Every `op` here
   * changes the database with one statement at most, and throws only when that one changed nothing.
   */
  async #write<T>(op: (sql: Sql) => T): Promise<T> {
    if (this.#tx) return this.#run(op);
    return this.#committed(() => op(this.#conn.sql), true);
  }

  #assertTxOpen(): void {
    if (!this.#tx?.open) throw errors.transactionEnded();
  }

  #assertNotClosed(): void {
    if (this.#conn.closed) throw errors.storeClosed();
  }
}
