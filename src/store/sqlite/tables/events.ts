/**
 * The event log. `seq` (AUTOINCREMENT, never reused, even after retention deletes old rows) is the
 * global order that `afterSeq` cursors (a reader catching up on events) rely on. Appending is
 * idempotent on the event id: the engine re-publishes a replayed step's events with the same ids
 * after a crash, and the first copy must win unchanged. The id is looked up before inserting, not
 * left to `INSERT … ON CONFLICT DO NOTHING`, because that still burns an AUTOINCREMENT value, which
 * would leave a gap in `seq`; an `INSERT … SELECT` whose WHERE leaves no row burns none.
 *
 * Times are ISO 8601 UTC strings of one fixed shape, so comparing them as text compares instants.
 */
import type { DomainEvent } from '../../../domain/event.ts';
import type { AppendedEvent, EventFilter } from '../../store.ts';
import { assertCount, equals, where, type Clause } from '../query-parts.ts';
import { parse } from '../documents.ts';
import type { Sql } from '../statements.ts';

/** The columns an event is stored in but `rest_only` (its dialect's boolean), in `eventValues` order. */
export const eventColumns = 'id, time, type, operation_id, tenant, deployment_id, deployment_name, vm_source_name, vm_target_name, json';

/** The event's values for `eventColumns`, stamped `time`; the document keeps no `seq` (the row has it). */
export function eventValues(event: DomainEvent, time: string): (string | null)[] {
  const stored: DomainEvent = { ...event, time };
  delete stored.seq;
  return [
    event.id,
    time,
    event.type,
    event.operationId ?? null,
    event.tenant ?? null,
    event.deploymentId ?? null,
    event.deploymentName ?? null,
    event.vmSource?.generatedName ?? null,
    event.vmTarget?.generatedName ?? null,
    JSON.stringify(stored),
  ];
}

/**
 * The usual append in one statement (issue 14: one instead of three): inserts the event as given
 * unless its id is stored (?1) or the latest stored event is later than its time (?2); no row then.
 */
const insertFresh = `INSERT INTO events (${eventColumns}, rest_only) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
  WHERE NOT EXISTS (SELECT 1 FROM events WHERE id = ?1)
    AND COALESCE((SELECT time FROM events ORDER BY seq DESC LIMIT 1) <= ?2, 1)
  RETURNING seq`;

const insert = `INSERT INTO events (${eventColumns}, rest_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`;

export function append(sql: Sql, event: DomainEvent): AppendedEvent {
  const restOnly = event.restOnly === true ? 1 : 0;
  const fresh = sql.get(insertFresh, ...eventValues(event, event.time), restOnly);
  if (fresh) return { seq: Number(fresh.seq), time: event.time, inserted: true };
  // A re-publish, or the clock stepped back.
  const existing = sql.get('SELECT seq, time FROM events WHERE id = ?', event.id);
  if (existing) return { seq: Number(existing.seq), time: String(existing.time), inserted: false };
  const time = notBeforeLatest(sql, event.time);
  const row = sql.get(insert, ...eventValues(event, time), restOnly);
  return { seq: Number(row?.seq), time, inserted: true };
}

/** The time, or the latest stored event's when that is later (the clock stepped back). */
function notBeforeLatest(sql: Sql, time: string): string {
  const latest = sql.get('SELECT time FROM events ORDER BY seq DESC LIMIT 1');
  return latest !== undefined && String(latest.time) > time ? String(latest.time) : time;
}

/**
 * The WHERE clause and order of an event list, shared with the PostgreSQL store; `notRestOnly` is
 * the dialect's test of the rest_only flag.
 */
export function eventQuery(filter: EventFilter, notRestOnly: string): { conditions: Clause; order: string } {
  const conditions = where([
    filter.afterSeq === undefined ? undefined : { sql: 'seq > ?', params: [filter.afterSeq] },
    equals('deployment_id', filter.deploymentId),
    equals('deployment_name', filter.deploymentName),
    equals('tenant', filter.tenant),
    equals('operation_id', filter.operationId),
    vmNamed(filter.vmName),
    filter.fromTime === undefined ? undefined : { sql: 'time >= ?', params: [filter.fromTime] },
    filter.toTime === undefined ? undefined : { sql: 'time <= ?', params: [filter.toTime] },
    filter.excludeRestOnly === true ? { sql: notRestOnly, params: [] } : undefined,
  ]);
  if (filter.limit !== undefined) assertCount('limit', filter.limit);
  // A replay window walks the time index, already in (time, seq) order: that is seq order, since
  // time never decreases in seq order (`notBeforeLatest`). Ordering by seq alone would make SQLite
  // walk the whole table from the first seq, or sort the whole window, for every page.
  return { conditions, order: filter.fromTime === undefined ? 'seq' : 'time, seq' };
}

export function list(sql: Sql, filter: EventFilter = {}): DomainEvent[] {
  const { conditions, order } = eventQuery(filter, 'rest_only = 0');
  const rows = sql.all(
    `SELECT seq, json FROM events${conditions.sql} ORDER BY ${order} LIMIT ?`,
    ...conditions.params,
    filter.limit ?? -1,
  );
  return rows.map((row) => ({ ...parse<DomainEvent>(row), seq: Number(row.seq) }));
}

export function lastSeq(sql: Sql): number {
  return Number(sql.get('SELECT COALESCE(MAX(seq), 0) AS seq FROM events')?.seq);
}

export function deleteBefore(sql: Sql, time: string): number {
  return sql.run('DELETE FROM events WHERE time < ?', time);
}

/** A VM named as the event's source or target (two indexes, one OR). */
function vmNamed(name: string | undefined): Clause | undefined {
  return name === undefined
    ? undefined
    : { sql: '(vm_source_name = ? OR vm_target_name = ?)', params: [name, name] };
}
