/**
 * The connection's statements, prepared once per distinct SQL text and reused. List queries
 * assemble their SQL from the filters present, so the cache holds at most one statement per filter
 * combination — a small, bounded set.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

export type Row = Record<string, unknown>;

export class Sql {
  readonly db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.#prepared(sql).get(...params);
  }

  all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.#prepared(sql).all(...params);
  }

  /** Runs a write; returns how many rows it changed. */
  run(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.#prepared(sql).run(...params).changes);
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
