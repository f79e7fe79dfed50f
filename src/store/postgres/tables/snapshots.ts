/**
 * Snapshots (SNAP-8) on PostgreSQL: the SQLite store's spec and filters; the XML document
 * (SNAP-5 [I]) kept in `xml_file` is merged back into the record on read.
 */
import type { Snapshot } from '../../../domain/snapshot.ts';
import type { Page, SnapshotFilter } from '../../store.ts';
import { conditions, snapshots as snapshotSpec } from '../../sqlite/tables/snapshots.ts';
import { equals, where, type Clause } from '../../sqlite/query-parts.ts';
import { countDocuments, deleteDocument, paging, parse, putDocument } from '../documents.ts';
import type { PgSql } from '../statements.ts';

async function select(sql: PgSql, filter: Clause, page?: Page): Promise<Snapshot[]> {
  const limits = paging(page);
  const rows = await sql.all(`SELECT json, xml_file FROM snapshots${filter.sql} ORDER BY seq${limits.sql}`, ...filter.params, ...limits.params);
  return rows.map((row) => {
    const snapshot = parse<Snapshot>(row);
    return row.xml_file === null ? snapshot : { ...snapshot, xmlFile: String(row.xml_file) };
  });
}

export const get = async (sql: PgSql, id: string): Promise<Snapshot | undefined> => (await select(sql, where([equals('id', id)])))[0];
export const list = (sql: PgSql, filter?: SnapshotFilter) => select(sql, where(conditions(filter)), filter);
export const count = (sql: PgSql, filter?: SnapshotFilter) => countDocuments(sql, 'snapshots', conditions(filter));
export const put = (sql: PgSql, snapshot: Snapshot) => putDocument(sql, snapshotSpec, snapshot);
export const remove = (sql: PgSql, id: string) => deleteDocument(sql, 'snapshots', 'id', id);
