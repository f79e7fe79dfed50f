/** Snapshots (SNAP-8): unique by id, filtered by tenant, VM and name through indexes; no parent row. */
import type { Snapshot } from '../../../domain/snapshot.ts';
import type { SnapshotFilter } from '../../store.ts';
import { countDocuments, deleteDocument, getDocument, listDocuments, putDocument, type DocumentTable } from '../documents.ts';
import { equals } from '../query-parts.ts';
import type { Sql } from '../statements.ts';

const snapshots: DocumentTable<Snapshot> = {
  table: 'snapshots',
  key: 'id',
  columns: (s) => ({ id: s.id, name: s.name, tenant: s.tenant, vm_name: s.vmName, status: s.status }),
  // The only unique key is the one a put replaces on: no constraint to name.
  conflicts: () => ({}),
};

const conditions = (filter: SnapshotFilter = {}) => [
  equals('tenant', filter.tenant),
  equals('vm_name', filter.vmName),
  equals('name', filter.name),
];

export const get = (sql: Sql, id: string) => getDocument<Snapshot>(sql, 'snapshots', 'id', id);
export const list = (sql: Sql, filter?: SnapshotFilter) => listDocuments<Snapshot>(sql, 'snapshots', conditions(filter), filter);
export const count = (sql: Sql, filter?: SnapshotFilter) => countDocuments(sql, 'snapshots', conditions(filter));
export const put = (sql: Sql, snapshot: Snapshot) => putDocument(sql, snapshots, snapshot);
export const remove = (sql: Sql, id: string) => deleteDocument(sql, 'snapshots', 'id', id);
