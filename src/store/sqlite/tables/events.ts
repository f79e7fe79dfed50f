/**
 * The event log. `seq` (AUTOINCREMENT, never reused) is the global order that `afterSeq`
 * cursors (a reader catching up on events) rely on. Appending is idempotent on the event id: the engine re-publishes a
 * replayed step's events with the same ids after a crash, and the first copy must win unchanged.
 * The lookup comes before the insert because `INSERT … ON CONFLICT DO NOTHING` still burns an
 * AUTOINCREMENT value, which would leave a gap in `seq`.
 */
import type { DomainEvent } from '../../../domain/event.ts';
import type { EventFilter } from '../../store.ts';
import { assertCount, equals, where, type Clause } from '../query-parts.ts';
import { parse } from '../documents.ts';
import type { Sql } from '../statements.ts';

export function append(sql: Sql, event: DomainEvent): number {
  const existing = sql.get('SELECT seq FROM events WHERE id = ?', event.id);
  if (existing) return Number(existing.seq);
  const stored: DomainEvent = { ...event };
  delete stored.seq;
  const row = sql.get(
    'INSERT INTO events (id, time, type, operation_id, tenant, deployment_id, deployment_name,' +
      ' vm_source_name, vm_target_name, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq',
    event.id,
    event.time,
    event.type,
    event.operationId ?? null,
    event.tenant ?? null,
    event.deploymentId ?? null,
    event.deploymentName ?? null,
    event.vmSource?.generatedName ?? null,
    event.vmTarget?.generatedName ?? null,
    JSON.stringify(stored),
  );
  return Number(row?.seq);
}

export function list(sql: Sql, filter: EventFilter = {}): DomainEvent[] {
  const conditions = where([
    filter.afterSeq === undefined ? undefined : { sql: 'seq > ?', params: [filter.afterSeq] },
    equals('deployment_id', filter.deploymentId),
    equals('deployment_name', filter.deploymentName),
    equals('tenant', filter.tenant),
    equals('operation_id', filter.operationId),
    vmNamed(filter.vmName),
  ]);
  if (filter.limit !== undefined) assertCount('limit', filter.limit);
  const rows = sql.all(
    `SELECT seq, json FROM events${conditions.sql} ORDER BY seq LIMIT ?`,
    ...conditions.params,
    filter.limit ?? -1,
  );
  return rows.map((row) => ({ ...parse<DomainEvent>(row), seq: Number(row.seq) }));
}

export function lastSeq(sql: Sql): number {
  return Number(sql.get('SELECT COALESCE(MAX(seq), 0) AS seq FROM events')?.seq);
}

/** A VM named as the event's source or target (two indexes, one OR). */
function vmNamed(name: string | undefined): Clause | undefined {
  return name === undefined
    ? undefined
    : { sql: '(vm_source_name = ? OR vm_target_name = ?)', params: [name, name] };
}
