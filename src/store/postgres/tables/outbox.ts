/**
 * The callback outbox on PostgreSQL: the SQLite store's columns and row mapping
 * (`../../sqlite/tables/outbox.ts`); `seq` keeps enqueue order, which is delivery order.
 *
 * Several managers share it (issue 15 item 2): a message is sent by whoever claims it
 * (`claimed_by`, `claim_until` on the database's clock, migration 3). A claim is taken only on the
 * head of its order — no older message of the same URL and order key pending — so two managers
 * never send one order's messages out of order, whatever their scans saw; `SKIP LOCKED` lets two
 * claimers of one row pass each other, the loser answered nothing. A dead manager's claim simply
 * expires. Recording an outcome ends the claim.
 */
import { errors } from '../../../domain/errors.ts';
import type { OutboxMessage, OutboxScanRow, Page } from '../../store.ts';
import { columns, fromRow, isHead, pending, pendingRow, scanRow, scanText, toColumns, updateSet } from '../../sqlite/tables/outbox.ts';
import { assertCount, where } from '../../sqlite/query-parts.ts';
import { paging } from '../documents.ts';
import type { PgSql } from '../statements.ts';

const placeholders = columns.split(',').map(() => '?').join(', ');

export async function enqueue(sql: PgSql, message: OutboxMessage): Promise<void> {
  await sql.run(`INSERT INTO outbox (${columns}) VALUES (${placeholders}) ON CONFLICT (id) DO NOTHING`, ...toColumns(message));
}

export async function update(sql: PgSql, message: OutboxMessage): Promise<void> {
  const changed = await sql.run(
    `${updateSet}, claimed_by = NULL, claim_until = NULL WHERE id = ?`,
    ...toColumns(message).slice(1),
    message.id,
  );
  if (changed === 0) throw errors.outboxMessageMissing(message.id);
}

const claimText = `
  UPDATE outbox SET claimed_by = ?, claim_until = clock_timestamp() + ?::bigint * interval '1 millisecond'
  WHERE seq = (
    SELECT head.seq FROM outbox head
    WHERE head.id = ? AND ${pendingRow('head')}
      AND (head.claimed_by IS NULL OR head.claimed_by = ? OR head.claim_until < clock_timestamp())
      AND ${isHead}
    FOR UPDATE OF head SKIP LOCKED)
  RETURNING ${columns}`;

export async function claim(sql: PgSql, id: string, owner: string, leaseMs: number): Promise<OutboxMessage | undefined> {
  assertCount('leaseMs', leaseMs);
  const row = await sql.get(claimText, owner, leaseMs, id, owner);
  return row === undefined ? undefined : fromRow(row);
}

export async function scan(sql: PgSql, afterSeq: number, limit: number): Promise<OutboxScanRow[]> {
  assertCount('limit', limit);
  return (await sql.all(scanText, afterSeq, limit)).map(scanRow);
}

export async function list(sql: PgSql, filter: { pending?: boolean } & Page = {}): Promise<OutboxMessage[]> {
  const state = filter.pending === undefined ? undefined : { sql: filter.pending ? pending : `NOT (${pending})`, params: [] };
  const conditions = where([state]);
  const limits = paging(filter);
  return (await sql.all(`SELECT ${columns} FROM outbox${conditions.sql} ORDER BY seq${limits.sql}`, ...conditions.params, ...limits.params)).map(fromRow);
}
