/**
 * The callback outbox on PostgreSQL: the SQLite store's columns and row mapping
 * (`../../sqlite/tables/outbox.ts`); `seq` keeps enqueue order, which is delivery order.
 */
import { errors } from '../../../domain/errors.ts';
import type { OutboxMessage, Page } from '../../store.ts';
import { columns, fromRow, pending, toColumns, updateText } from '../../sqlite/tables/outbox.ts';
import { assertCount, where } from '../../sqlite/query-parts.ts';
import { paging } from '../documents.ts';
import type { PgSql } from '../statements.ts';

const placeholders = columns.split(',').map(() => '?').join(', ');

export async function enqueue(sql: PgSql, message: OutboxMessage): Promise<void> {
  await sql.run(`INSERT INTO outbox (${columns}) VALUES (${placeholders}) ON CONFLICT (id) DO NOTHING`, ...toColumns(message));
}

export async function update(sql: PgSql, message: OutboxMessage): Promise<void> {
  const changed = await sql.run(
    updateText,
    ...toColumns(message).slice(1),
    message.id,
  );
  if (changed === 0) throw errors.outboxMessageMissing(message.id);
}

export async function due(sql: PgSql, now: number, limit: number): Promise<OutboxMessage[]> {
  assertCount('limit', limit);
  const rows = await sql.all(`SELECT ${columns} FROM outbox WHERE ${pending} AND next_attempt_at <= ? ORDER BY seq LIMIT ?`, now, limit);
  return rows.map(fromRow);
}

export async function nextDue(sql: PgSql): Promise<number | undefined> {
  const row = await sql.get(`SELECT MIN(next_attempt_at) AS at FROM outbox WHERE ${pending}`);
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

export async function list(sql: PgSql, filter: { pending?: boolean } & Page = {}): Promise<OutboxMessage[]> {
  const state = filter.pending === undefined ? undefined : { sql: filter.pending ? pending : `NOT (${pending})`, params: [] };
  const conditions = where([state]);
  const limits = paging(filter);
  return (await sql.all(`SELECT ${columns} FROM outbox${conditions.sql} ORDER BY seq${limits.sql}`, ...conditions.params, ...limits.params)).map(fromRow);
}
