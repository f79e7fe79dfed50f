/**
 * The event log on PostgreSQL (IMPL-4; issue 15 item 3). Unless the id is already stored (a
 * re-publish after a crash: the first copy wins, no seq is spent), `append` bumps the one-row
 * `event_counter` and inserts with the seq and time it answers. The counter's row lock lasts until
 * the appending transaction commits, so seqs are handed out in commit order: whoever reads
 * `afterSeq` never misses an event that commits later with a smaller seq. The counter also keeps
 * the latest time handed out, so time never decreases in seq order (a clock stepped back, or
 * another manager's clock behind ours) and a replay by time misses nothing (RFC 5277).
 *
 * Two statements, so the caller runs them in one transaction (`postgres-store.ts` does). The
 * document is written from here, not patched in SQL, so its keys stay in the order given.
 *
 * A fresh append NOTIFYs `eventsChannel` with its seq, delivered at COMMIT (and never for a
 * transaction rolled back): every manager tailing the table (`../event-watch.ts`) reads on from
 * its last seq then (issue 15 item 3). The payload is only a hint; the table is the truth.
 */
import type { DomainEvent } from '../../../domain/event.ts';
import type { AppendedEvent, EventFilter } from '../../store.ts';
import { eventColumns, eventQuery, eventValues } from '../../sqlite/tables/events.ts';
import { parse } from '../documents.ts';
import type { PgSql } from '../statements.ts';

/**
 * The NOTIFY channel of this schema's events, in SQL: channels are per database, so each schema
 * (a test's store, say) gets its own, and a name that fits an identifier whatever the schema's.
 */
export const eventsChannel = `'openvnfm_events_' || left(md5(current_schema()), 16)`;

const claimSeq = `
  WITH existing AS (SELECT seq, time FROM events WHERE id = ?),
  bumped AS (
    UPDATE event_counter SET seq = seq + 1, time = GREATEST(time, ?)
    WHERE NOT EXISTS (SELECT 1 FROM existing) RETURNING seq, time
  )
  SELECT seq, time, true AS fresh, pg_notify(${eventsChannel}, seq::text) FROM bumped
  UNION ALL SELECT seq, time, false AS fresh, NULL FROM existing`;

/**
 * Appenders queue on the counter's table lock, taken before anything else of theirs: LOCK takes no
 * snapshot, so a SERIALIZABLE transaction whose first statement it is (the event bus's are) reads
 * the counter as the previous appender committed it, instead of failing with 40001 on its row and
 * running again — 50 appenders at once exhausted the re-runs. Readers are not blocked (EXCLUSIVE
 * lets ACCESS SHARE through).
 */
const queueForCounter = 'LOCK TABLE event_counter IN EXCLUSIVE MODE';

export async function append(sql: PgSql, event: DomainEvent): Promise<AppendedEvent> {
  await sql.run(queueForCounter);
  const claimed = await sql.get(claimSeq, event.id, event.time);
  const seq = Number(claimed?.seq);
  const time = String(claimed?.time);
  if (claimed?.fresh !== true) return { seq, time, inserted: false };
  await sql.run(
    `INSERT INTO events (seq, ${eventColumns}, rest_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    seq,
    ...eventValues(event, time),
    event.restOnly === true,
  );
  return { seq, time, inserted: true };
}

export async function list(sql: PgSql, filter: EventFilter = {}): Promise<DomainEvent[]> {
  const { conditions, order } = eventQuery(filter, 'NOT rest_only');
  const rows = await sql.all(`SELECT seq, json FROM events${conditions.sql} ORDER BY ${order} LIMIT ?`, ...conditions.params, filter.limit ?? null);
  return rows.map((row) => ({ ...parse<DomainEvent>(row), seq: Number(row.seq) }));
}

export async function lastSeq(sql: PgSql): Promise<number> {
  return Number((await sql.get('SELECT COALESCE(MAX(seq), 0) AS seq FROM events'))?.seq);
}

export async function deleteBefore(sql: PgSql, time: string): Promise<number> {
  return sql.run('DELETE FROM events WHERE time < ?', time);
}
