/**
 * The entity tables on PostgreSQL, in the shape of the SQLite store's (`../sqlite/documents.ts`):
 * the same table specs (queryable columns, conflicts), the same upsert text and filters; the
 * document is `json` (kept as written, keys in order), which the driver hands back parsed.
 */
import type { Page } from '../store.ts';
import { upsert, type DocumentTable } from '../sqlite/documents.ts';
import { assertCount, where, type Clause } from '../sqlite/query-parts.ts';
import { withConstraints } from './pg-errors.ts';
import type { PgSql, Row } from './statements.ts';

export async function putDocument<T>(sql: PgSql, spec: DocumentTable<T>, doc: T): Promise<void> {
  const { text, params } = upsert(spec, doc);
  await withConstraints(() => sql.run(text, ...params), spec.conflicts(doc));
}

export async function getDocument<T>(sql: PgSql, table: string, column: string, value: string): Promise<T | undefined> {
  const row = await sql.get(`SELECT json FROM ${table} WHERE ${column} = ?`, value);
  return row ? parse<T>(row) : undefined;
}

/** In creation order unless `order` (an index's order) is given, as the SQLite store lists. */
export async function listDocuments<T>(sql: PgSql, table: string, conditions: readonly (Clause | undefined)[], page?: Page, order = 'seq'): Promise<T[]> {
  const filter = where(conditions);
  const limits = paging(page);
  const rows = await sql.all(`SELECT json FROM ${table}${filter.sql} ORDER BY ${order}${limits.sql}`, ...filter.params, ...limits.params);
  return rows.map((row) => parse<T>(row));
}

export async function countDocuments(sql: PgSql, table: string, conditions: readonly (Clause | undefined)[]): Promise<number> {
  const filter = where(conditions);
  const row = await sql.get(`SELECT COUNT(*) AS n FROM ${table}${filter.sql}`, ...filter.params);
  return Number(row?.n ?? 0);
}

export async function deleteDocument(sql: PgSql, table: string, column: string, value: string): Promise<void> {
  await sql.run(`DELETE FROM ${table} WHERE ${column} = ?`, value);
}

/** `column` is one of `values`, passed as one JSON array as SQLite's `oneOf` passes them. */
export function anyOf(column: string, values: readonly string[] | undefined): Clause | undefined {
  return values === undefined ? undefined : { sql: `${column} IN (SELECT json_array_elements_text(?::json))`, params: [JSON.stringify(values)] };
}

/** ` LIMIT ? OFFSET ?`; a NULL limit is no limit in PostgreSQL (SQLite's is -1). */
export function paging(page: Page = {}): Clause {
  if (page.limit !== undefined) assertCount('limit', page.limit);
  const offset = page.offset ?? 0;
  assertCount('offset', offset);
  return { sql: ' LIMIT ? OFFSET ?', params: [page.limit ?? null, offset] };
}

/** The stored document, parsed by the driver; its shape was checked when it was written. */
export function parse<T>(row: Row): T {
  return row.json as T;
}
