/** Tenants, keyed by their northbound name. */
import type { Tenant } from '../../../domain/entities.ts';
import type { Page } from '../../store.ts';
import { deleteDocument, getDocument, listDocuments, putDocument, type DocumentTable } from '../documents.ts';
import type { Sql } from '../statements.ts';

export const tenants: DocumentTable<Tenant> = {
  table: 'tenants',
  key: 'name',
  columns: (t) => ({ name: t.name }),
  indexed: [],
  conflicts: () => ({}),
};

export const get = (sql: Sql, name: string) => getDocument<Tenant>(sql, 'tenants', 'name', name);
export const list = (sql: Sql, page?: Page) => listDocuments<Tenant>(sql, 'tenants', [], page);
export const put = (sql: Sql, tenant: Tenant) => putDocument(sql, tenants, tenant);
export const remove = (sql: Sql, name: string) => deleteDocument(sql, 'tenants', 'name', name);
