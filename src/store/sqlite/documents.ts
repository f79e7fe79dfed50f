/**
 * The shared shape of the entity tables (tenants, deployments, vms, operations): the queryable
 * fields as indexed columns, and the whole object as a JSON document in `json`, so an entity
 * reads back exactly as written (optional fields stay absent) while filters run on columns.
 *
 * Every table has `seq INTEGER PRIMARY KEY`: lists are ordered by it, which is creation order.
 * An upsert (`ON CONFLICT DO UPDATE`) keeps the row, so an update does not move it; and unlike the
 * implicit rowid of a table keyed by text, an explicit one survives VACUUM.
 */
import type { SQLInputValue } from 'node:sqlite';
import type { Page } from '../store.ts';
import { withConstraints, type ConstraintErrors } from './constraint-errors.ts';
import { paging, where, type Clause } from './query-parts.ts';
import type { Row, Sql } from './statements.ts';

export interface DocumentTable<T> {
  table: string;
  /** The column a put replaces on (the entity's key). */
  key: string;
  /** The queryable columns of `doc`, key included, always in the same order. */
  columns(doc: T): Record<string, SQLInputValue>;
  /** The columns but `key` that an index holds (`migrations.ts`; a test compares). */
  indexed: readonly string[];
  /** Errors for a put that breaks a constraint (duplicate name, missing parent). */
  conflicts(doc: T): ConstraintErrors;
  /** What goes into `json` when a field lives in a column of its own instead; default: the whole of `doc`. */
  document?(doc: T): unknown;
}

/**
 * Writes `doc`. SQLite rewrites the entries of every index on a column an UPDATE sets, whether its
 * value changed or not (issue 14: an upsert of a VM setting them all took 16 µs, one leaving them
 * 5 µs), so a row whose indexed columns keep their values is updated without setting them; a new
 * row, or one whose indexed column changes, takes the upsert. Either way one statement changes rows.
 */
export function putDocument<T>(sql: Sql, spec: DocumentTable<T>, doc: T): void {
  const columns = spec.columns(doc);
  const json = JSON.stringify(spec.document ? spec.document(doc) : doc);
  const texts = textsOf(spec, Object.keys(columns));
  const matched = [spec.key, ...spec.indexed].map((n) => columns[n] ?? null);
  if (sql.run(texts.update, ...texts.unindexed.map((n) => columns[n] ?? null), json, ...matched) > 0) return;
  withConstraints(() => sql.run(texts.upsert, ...Object.values(columns), json), spec.conflicts(doc));
}

/** The upsert of `doc` with `?` placeholders (the PostgreSQL store runs the same text). */
export function upsert<T>(spec: DocumentTable<T>, doc: T): { text: string; params: SQLInputValue[] } {
  const columns = spec.columns(doc);
  const json = JSON.stringify(spec.document ? spec.document(doc) : doc);
  return { text: textsOf(spec, Object.keys(columns)).upsert, params: [...Object.values(columns), json] };
}

interface PutTexts {
  upsert: string;
  /** Sets the columns no index holds and `json`, where the key and every indexed column match. */
  update: string;
  unindexed: string[];
}

/** Each table's texts, built once: its columns come in the same order for every document. */
const putTexts = new WeakMap<object, PutTexts>();

function textsOf<T>(spec: DocumentTable<T>, names: string[]): PutTexts {
  let texts = putTexts.get(spec);
  if (texts === undefined) {
    const updates = names.filter((n) => n !== spec.key).map((n) => `${n} = excluded.${n}`);
    const unindexed = names.filter((n) => n !== spec.key && !spec.indexed.includes(n));
    texts = {
      upsert:
        `INSERT INTO ${spec.table} (${names.join(', ')}, json) VALUES (${names.map(() => '?').join(', ')}, ?)` +
        ` ON CONFLICT (${spec.key}) DO UPDATE SET ${[...updates, 'json = excluded.json'].join(', ')}`,
      update:
        `UPDATE ${spec.table} SET ${[...unindexed, 'json'].map((n) => `${n} = ?`).join(', ')}` +
        ` WHERE ${spec.key} = ?${spec.indexed.map((n) => ` AND ${n} IS ?`).join('')}`,
      unindexed,
    };
    putTexts.set(spec, texts);
  }
  return texts;
}

export function getDocument<T>(sql: Sql, table: string, column: string, value: string): T | undefined {
  const row = sql.get(`SELECT json FROM ${table} WHERE ${column} = ?`, value);
  return row ? parse<T>(row) : undefined;
}

/** In creation order unless `order` (an index's order, so no sort) is given. */
export function listDocuments<T>(sql: Sql, table: string, conditions: readonly (Clause | undefined)[], page?: Page, order = 'seq'): T[] {
  const filter = where(conditions);
  const limits = paging(page);
  const rows = sql.all(
    `SELECT json FROM ${table}${filter.sql} ORDER BY ${order}${limits.sql}`,
    ...filter.params,
    ...limits.params,
  );
  return rows.map((row) => parse<T>(row));
}

export function countDocuments(sql: Sql, table: string, conditions: readonly (Clause | undefined)[]): number {
  const filter = where(conditions);
  const row = sql.get(`SELECT COUNT(*) AS n FROM ${table}${filter.sql}`, ...filter.params);
  return Number(row?.n ?? 0);
}

export function deleteDocument(sql: Sql, table: string, column: string, value: string): void {
  sql.run(`DELETE FROM ${table} WHERE ${column} = ?`, value);
}

/** The stored document; its shape was checked when it was written. */
export function parse<T>(row: Row): T {
  return JSON.parse(String(row.json)) as T;
}
