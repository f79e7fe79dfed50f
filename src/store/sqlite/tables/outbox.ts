/**
 * The callback outbox. Every field is a column (the body is stored once); `seq` keeps insertion
 * order, which is delivery order — timestamps can tie or step back, a sequence cannot.
 * Enqueueing is idempotent on the message id, like `events.append`.
 */
import type { SQLInputValue } from 'node:sqlite';
import { errors } from '../../../domain/errors.ts';
import type { OutboxMessage, OutboxScanRow, Page } from '../../store.ts';
import { assertCount, paging, where } from '../query-parts.ts';
import type { Row, Sql } from '../statements.ts';

export const columns = [
  'id, operation_id, event_seq, url, headers, body, attempts,',
  'next_attempt_at, created_at, delivered_at, last_error, abandoned_at, order_key',
].join(' ');
/** Every column but the id set from `toColumns(message).slice(1)` (both stores; PostgreSQL's also ends the claim). */
export const updateSet =
  'UPDATE outbox SET operation_id = ?, event_seq = ?, url = ?, headers = ?, body = ?, attempts = ?,' +
  ' next_attempt_at = ?, created_at = ?, delivered_at = ?, last_error = ?, abandoned_at = ?, order_key = ?';
/** `updateSet` for the message whose id follows. */
export const updateText = `${updateSet} WHERE id = ?`;
export const pending = 'delivered_at IS NULL AND abandoned_at IS NULL';

export function enqueue(sql: Sql, message: OutboxMessage): void {
  sql.run(
    `INSERT INTO outbox (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ...toColumns(message),
  );
}

export function update(sql: Sql, message: OutboxMessage): void {
  const changed = sql.run(
    updateText,
    ...toColumns(message).slice(1),
    message.id,
  );
  if (changed === 0) throw errors.outboxMessageMissing(message.id);
}

/** Whether `table`'s row is pending, for a query naming the outbox twice. */
export const pendingRow = (table: string) => `${table}.delivered_at IS NULL AND ${table}.abandoned_at IS NULL`;

/** The message `head` is the oldest pending one of its order (URL and key): the only one that may be sent (both stores). */
export const isHead = `NOT EXISTS (
  SELECT 1 FROM outbox older
  WHERE older.url = head.url AND older.order_key IS NOT DISTINCT FROM head.order_key
    AND older.seq < head.seq AND ${pendingRow('older')})`;

/** The SQLite store's `claimOutbox`: one manager, no claim to write; the message when it is a pending head. */
export function claimable(sql: Sql, id: string): OutboxMessage | undefined {
  const row = sql.get(`SELECT ${columns} FROM outbox head WHERE head.id = ? AND ${pendingRow('head')} AND ${isHead}`, id);
  return row === undefined ? undefined : fromRow(row);
}

/**
 * `Store.scanOutbox`'s query (both stores): the `outbox_pending` index holds the pending messages
 * alone, in enqueue order, so a page is read without touching delivered rows or sorting (a scan
 * that sorted every pending row for each page grew with the square of a dead receiver's backlog).
 */
export const scanText = `SELECT seq, id, url, order_key, next_attempt_at FROM outbox WHERE ${pending} AND seq > ? ORDER BY seq LIMIT ?`;

export function scan(sql: Sql, afterSeq: number, limit: number): OutboxScanRow[] {
  assertCount('limit', limit);
  return sql.all(scanText, afterSeq, limit).map(scanRow);
}

export function scanRow(row: Row): OutboxScanRow {
  const scanned: OutboxScanRow = { seq: Number(row.seq), id: String(row.id), url: String(row.url), nextAttemptAt: Number(row.next_attempt_at) };
  if (row.order_key !== null) scanned.orderKey = String(row.order_key);
  return scanned;
}

export function list(sql: Sql, filter: { pending?: boolean } & Page = {}): OutboxMessage[] {
  const state = filter.pending === undefined ? undefined : { sql: filter.pending ? pending : `NOT (${pending})`, params: [] };
  const conditions = where([state]);
  const limits = paging(filter);
  const text = `SELECT ${columns} FROM outbox${conditions.sql} ORDER BY seq${limits.sql}`;
  return sql.all(text, ...conditions.params, ...limits.params).map(fromRow);
}

export function toColumns(m: OutboxMessage): SQLInputValue[] {
  return [
    m.id,
    m.operationId ?? null,
    m.eventSeq ?? null,
    m.url,
    JSON.stringify(m.headers),
    m.body,
    m.attempts,
    m.nextAttemptAt,
    m.createdAt,
    m.deliveredAt ?? null,
    m.lastError ?? null,
    m.abandonedAt ?? null,
    m.orderKey ?? null,
  ];
}

export function fromRow(row: Row): OutboxMessage {
  const message: OutboxMessage = {
    id: String(row.id),
    url: String(row.url),
    headers: JSON.parse(String(row.headers)) as Record<string, string>,
    body: String(row.body),
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    createdAt: String(row.created_at),
  };
  if (row.operation_id !== null) message.operationId = String(row.operation_id);
  if (row.event_seq !== null) message.eventSeq = Number(row.event_seq);
  if (row.delivered_at !== null) message.deliveredAt = String(row.delivered_at);
  if (row.last_error !== null) message.lastError = String(row.last_error);
  if (row.abandoned_at !== null) message.abandonedAt = String(row.abandoned_at);
  if (row.order_key !== null) message.orderKey = String(row.order_key);
  return message;
}
