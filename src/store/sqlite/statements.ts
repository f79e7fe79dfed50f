/**
 * The connection's statements, prepared once per distinct SQL text and reused. List queries
 * assemble their SQL from the filters present, so the cache holds at most one statement per filter
 * combination — a small, bounded set.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { StoreTiming } from '../store-timing.ts';

export type Row = Record<string, unknown>;

export class Sql {
  readonly db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();
  readonly #timing: StoreTiming | undefined;

  constructor(db: DatabaseSync, timing?: StoreTiming) {
    this.db = db;
    this.#timing = timing;
  }

  get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    const statement = this.#prepared(sql);
    return this.#timed(() => statement.get(...params));
  }

  all(sql: string, ...params: SQLInputValue[]): Row[] {
    const statement = this.#prepared(sql);
    return this.#timed(() => statement.all(...params));
  }

  /** Runs a write; returns how many rows it changed. */
  run(sql: string, ...params: SQLInputValue[]): number {
    const statement = this.#prepared(sql);
    return Number(this.#timed(() => statement.run(...params)).changes);
  }

  /** Commits the open transaction (counted apart from the statements: it writes the pages they touched). */
  commit(): void {
    const commit = () => this.db.exec('COMMIT');
    if (this.#timing) this.#timing.commit(commit);
    else commit();
  }

  #timed<T>(run: () => T): T {
    return this.#timing ? this.#timing.statement(run) : run();
  }

  #prepared(sql: string): StatementSync {
    let statement = this.#cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }
}
