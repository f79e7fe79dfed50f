/**
 * Commit batching (IMPL-4, issue 14): the writes and transactions submitted in one turn of the event
 * loop are committed together, each inside a SAVEPOINT of one BEGIN … COMMIT, instead of one commit
 * each. A commit of its own costs SQLite a WAL append of every page it touched (30–40 µs even on
 * tmpfs); fifty operations in flight write the same few pages of the same tables, so sharing the
 * commit is where most of that goes.
 *
 * What each caller sees is unchanged: a unit that throws is rolled back to its savepoint alone and
 * rejected with its own error; the others commit. Every unit is answered only after the shared COMMIT
 * (and, by the store, after the group commit has made it durable), so nothing is told to the outside
 * world before it is on disk. Units run in the order submitted, and a read submitted while writes
 * wait joins them (`pending`), so no caller reads past a write it made before.
 *
 * A unit of one statement (a read, or a write of a single statement) needs no savepoint: SQLite
 * undoes a failed statement by itself and leaves the transaction's other changes (issue 14: two
 * fewer statements for most units).
 */
import { errors } from '../../domain/errors.ts';
import type { Gate } from './gate.ts';
import type { Sql } from './statements.ts';

/** Present on a transaction's handle; `open` turns false when its savepoint is released or rolled back. */
export interface TxScope {
  open: boolean;
}

interface Unit {
  run: (scope: TxScope) => unknown;
  /** Synchronous, and changes the database with one statement at most, failing only before it changed anything. */
  single: boolean;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface BatchConnection {
  sql: Sql;
  gate: Gate;
  isClosed(): boolean;
  /** Called once per COMMIT made (the group commit counts what must become durable). */
  committed(): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };

/** Bounds one transaction, so a burst of submissions cannot hold the connection for long. */
const MAX_UNITS = 256;

export class CommitBatch {
  readonly #conn: BatchConnection;
  #queue: Unit[] = [];
  #scheduled = false;
  #flushing: Promise<void> = Promise.resolve();

  constructor(conn: BatchConnection) {
    this.#conn = conn;
  }

  /** Whether units wait to be committed (a read then joins them, to stay behind them). */
  get pending(): boolean {
    return this.#queue.length > 0;
  }

  /**
   * Runs `run` in the next batch; resolves with its result once the batch has committed. `single`:
   * `run` is synchronous and changes the database with one statement at most, throwing only when
   * that statement changed nothing (so it runs without a savepoint).
   */
  submit<T>(run: (scope: TxScope) => T | Promise<T>, single = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, single, resolve: resolve as (value: unknown) => void, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // The check phase of this turn: every unit the turn's callbacks submit shares the commit.
      setImmediate(() => {
        this.#scheduled = false;
        this.#flushing = this.#flushing.then(() => this.#flush()).catch(() => undefined);
      });
    });
  }

  /** Resolves once every unit submitted so far has been committed or rejected. */
  async idle(): Promise<void> {
    while (this.#scheduled || this.#queue.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.#flushing;
    }
    await this.#flushing;
  }

  async #flush(): Promise<void> {
    const { gate } = this.#conn;
    await gate.acquire();
    try {
      while (this.#queue.length > 0) await this.#commitSome();
    } finally {
      gate.release();
    }
  }

  /** One BEGIN … COMMIT over up to MAX_UNITS queued units. */
  async #commitSome(): Promise<void> {
    const { sql } = this.#conn;
    const done: { unit: Unit; value: unknown }[] = [];
    let current: Unit | undefined;
    let began = false;
    try {
      if (this.#conn.isClosed()) throw errors.storeClosed();
      sql.db.exec('BEGIN IMMEDIATE');
      began = true;
      // Units a running unit's awaits let in are taken too, up to the bound.
      for (let taken = 0; this.#queue.length > 0 && taken < MAX_UNITS; taken++) {
        current = this.#queue.shift()!;
        const outcome = current.single ? this.#runAlone(current) : await this.#runInSavepoint(current);
        if (outcome.ok) done.push({ unit: current, value: outcome.value });
        else current.reject(outcome.err);
        current = undefined;
      }
      sql.commit();
      this.#conn.committed();
    } catch (err) {
      this.#rollback();
      // Nothing ran (closed, or BEGIN refused): every waiting unit would meet the same refusal.
      const failed = began ? [...done.map((d) => d.unit), ...(current ? [current] : [])] : this.#queue.splice(0);
      for (const unit of failed) unit.reject(err);
      return;
    }
    for (const { unit, value } of done) unit.resolve(value);
  }

  /** Ends a failed batch, whose callers get the error that failed it. */
  #rollback(): void {
    try {
      if (!this.#conn.isClosed() && this.#conn.sql.db.isTransaction) this.#conn.sql.db.exec('ROLLBACK');
    } catch {
      // SQLite rolls back by itself when the ROLLBACK cannot run (the connection is then idle).
    }
  }

  #runAlone(unit: Unit): Outcome {
    const scope: TxScope = { open: true };
    try {
      return { ok: true, value: unit.run(scope) };
    } catch (err) {
      // As in a savepoint: an error that ended the whole transaction fails the batch.
      if (!this.#conn.sql.db.isTransaction) throw err;
      return { ok: false, err };
    } finally {
      scope.open = false;
    }
  }

  async #runInSavepoint(unit: Unit): Promise<Outcome> {
    const { db } = this.#conn.sql;
    const scope: TxScope = { open: true };
    db.exec('SAVEPOINT unit');
    try {
      const value = await unit.run(scope);
      db.exec('RELEASE unit');
      return { ok: true, value };
    } catch (err) {
      // SQLite ends the whole transaction on some errors (disk full, I/O): then the batch fails.
      if (!db.isTransaction) throw err;
      db.exec('ROLLBACK TO unit');
      db.exec('RELEASE unit');
      return { ok: false, err };
    } finally {
      scope.open = false;
    }
  }
}
