/**
 * The queries of one PostgreSQL connection (the pool's, or a transaction's own client). Table
 * modules write `?` placeholders, as for SQLite, so the filter builders of `../sqlite/query-parts.ts`
 * serve both stores; they become `$1, $2, …` here. No statement of ours holds a literal `?`.
 */
import type { SQLInputValue } from 'node:sqlite';
import type pg from 'pg';
import type { StoreTiming } from '../store-timing.ts';

export type Row = Record<string, unknown>;
/** What a table module binds: the SQLite store's values (its document specs are shared), and booleans. */
export type Param = SQLInputValue | boolean;

export class PgSql {
  readonly #db: pg.Pool | pg.PoolClient;
  readonly #timing: StoreTiming | undefined;

  constructor(db: pg.Pool | pg.PoolClient, timing?: StoreTiming) {
    this.#db = db;
    this.#timing = timing;
  }

  /** The statements of one client of the pool (a transaction's), counted as these are. */
  on(client: pg.PoolClient): PgSql {
    return new PgSql(client, this.#timing);
  }

  async all(sql: string, ...params: Param[]): Promise<Row[]> {
    return (await this.#query(sql, params)).rows;
  }

  async get(sql: string, ...params: Param[]): Promise<Row | undefined> {
    return (await this.#query(sql, params)).rows[0];
  }

  /** Runs a write; returns how many rows it changed. */
  async run(sql: string, ...params: Param[]): Promise<number> {
    return (await this.#query(sql, params)).rowCount ?? 0;
  }

  async #query(sql: string, params: Param[]): Promise<pg.QueryResult<Row>> {
    let n = 0;
    const send = () => this.#db.query<Row>(sql.replace(/\?/g, () => `$${++n}`), params);
    return this.#timing ? this.#timing.roundTrip(sql, send) : send();
  }
}
