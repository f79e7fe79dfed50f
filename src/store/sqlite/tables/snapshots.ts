/**
 * Snapshots (SNAP-8): unique by id, filtered by tenant, VM and name through indexes; no parent row.
 * The XML document sent with the backup (SNAP-5 [I]) lives in its own nullable column `xml_file`
 * and is merged back into the record on read.
 */
import type { Snapshot } from '../../../domain/snapshot.ts';
import type { Page, SnapshotFilter } from '../../store.ts';
import { countDocuments, deleteDocument, parse, putDocument, type DocumentTable } from '../documents.ts';
import { equals, inValues, paging, where, type Clause } from '../query-parts.ts';
import type { Sql } from '../statements.ts';

export const snapshots: DocumentTable<Snapshot> = {
  table: 'snapshots',
  key: 'id',
  columns: (s) => ({ id: s.id, name: s.name, tenant: s.tenant, vm_name: s.vmName, status: s.status, xml_file: s.xmlFile ?? null }),
  indexed: ['name', 'tenant', 'vm_name'],
  // The only unique key is the one a put replaces on: no constraint to name.
  conflicts: () => ({}),
  document: ({ xmlFile: _kept, ...rest }) => rest,
};

/** The stored record with `xmlFile` put back when the column holds one. */
const record = `CASE WHEN xml_file IS NULL THEN json ELSE json_set(json, '$.xmlFile', xml_file) END AS json`;

export const conditions = (filter: SnapshotFilter = {}) => [
  equals('tenant', filter.tenant),
  equals('vm_name', filter.vmName),
  equals('name', filter.name),
  inValues('status', filter.statuses),
];

function select(sql: Sql, filter: Clause, page?: Page): Snapshot[] {
  const limits = paging(page);
  return sql.all(`SELECT ${record} FROM snapshots${filter.sql} ORDER BY seq${limits.sql}`, ...filter.params, ...limits.params).map((row) => parse<Snapshot>(row));
}

export const get = (sql: Sql, id: string): Snapshot | undefined => select(sql, where([equals('id', id)]))[0];
export const list = (sql: Sql, filter?: SnapshotFilter) => select(sql, where(conditions(filter)), filter);
export const count = (sql: Sql, filter?: SnapshotFilter) => countDocuments(sql, 'snapshots', conditions(filter));
export const put = (sql: Sql, snapshot: Snapshot) => putDocument(sql, snapshots, snapshot);
export const remove = (sql: Sql, id: string) => deleteDocument(sql, 'snapshots', 'id', id);
