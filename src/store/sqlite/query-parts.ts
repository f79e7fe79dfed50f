/**
 * Building blocks for the list queries: each filter field present adds one condition, and paging
 * is a LIMIT/OFFSET pair, so filtering and paging happen in SQL, never in memory (foundation item
 * 4: 10,000+ VMs). Absent filters add nothing, which keeps the SQL index-friendly (no
 * `? IS NULL OR col = ?` patterns the planner cannot use an index for).
 */
import type { SQLInputValue } from 'node:sqlite';
import { errors } from '../../domain/errors.ts';
import type { Page } from '../store.ts';

export interface Clause {
  sql: string;
  params: SQLInputValue[];
}

/** `column = value`, or nothing when the filter field is absent. */
export function equals(column: string, value: string | undefined): Clause | undefined {
  return value === undefined ? undefined : { sql: `${column} = ?`, params: [value] };
}

/**
 * `column` is one of `values`, or nothing when the filter field is absent. The list travels as one
 * JSON parameter, so the SQL text (and its cached statement) is the same for any number of values.
 */
export function oneOf(column: string, values: readonly string[] | undefined): Clause | undefined {
  return values === undefined ? undefined : { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(values)] };
}

/**
 * `column` is one of a short, fixed list of `values`, as `IN (?, …)`: PostgreSQL runs the same text
 * (`oneOf`'s `json_each` is SQLite's); a list of another length is another statement.
 */
export function inValues(column: string, values: readonly string[] | undefined): Clause | undefined {
  if (values === undefined) return undefined;
  if (values.length === 0) return { sql: '1 = 0', params: [] };
  return { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}

/** ` WHERE a AND b`, or an empty clause when no condition is present. */
export function where(conditions: readonly (Clause | undefined)[]): Clause {
  const present = conditions.filter((c): c is Clause => c !== undefined);
  if (present.length === 0) return { sql: '', params: [] };
  return {
    sql: ` WHERE ${present.map((c) => c.sql).join(' AND ')}`,
    params: present.flatMap((c) => c.params),
  };
}

/** ` LIMIT ? OFFSET ?`; no limit means all rows. */
export function paging(page: Page = {}): Clause {
  const limit = page.limit ?? -1;
  const offset = page.offset ?? 0;
  if (page.limit !== undefined) assertCount('limit', page.limit);
  assertCount('offset', offset);
  return { sql: ' LIMIT ? OFFSET ?', params: [limit, offset] };
}

export function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw errors.pageCountInvalid(name, value);
  }
}
