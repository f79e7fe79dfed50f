/** Deployments: unique by id and by northbound name (esc-interface.md §1.1), filtered by tenant. */
import type { Deployment } from '../../../domain/entities.ts';
import { errors } from '../../../domain/errors.ts';
import type { DeploymentFilter } from '../../store.ts';
import {
  countDocuments,
  deleteDocument,
  getDocument,
  listDocuments,
  putDocument,
  type DocumentTable,
} from '../documents.ts';
import { equals } from '../query-parts.ts';
import type { Sql } from '../statements.ts';

export const deployments: DocumentTable<Deployment> = {
  table: 'deployments',
  key: 'id',
  columns: (d) => ({ id: d.id, name: d.name, tenant: d.tenant, state: d.state }),
  indexed: ['name', 'tenant'],
  conflicts: (d) => ({ duplicate: (cause) => errors.deploymentNameTaken(d.name, cause) }),
};

export const conditions = (filter: DeploymentFilter = {}) => [equals('tenant', filter.tenant)];

export const get = (sql: Sql, id: string) => getDocument<Deployment>(sql, 'deployments', 'id', id);
export const getByName = (sql: Sql, name: string) => getDocument<Deployment>(sql, 'deployments', 'name', name);
export const list = (sql: Sql, filter?: DeploymentFilter) =>
  listDocuments<Deployment>(sql, 'deployments', conditions(filter), filter);
export const count = (sql: Sql, filter?: DeploymentFilter) => countDocuments(sql, 'deployments', conditions(filter));
export const put = (sql: Sql, deployment: Deployment) => putDocument(sql, deployments, deployment);
/** Its VMs go with it (ON DELETE CASCADE). */
export const remove = (sql: Sql, id: string) => deleteDocument(sql, 'deployments', 'id', id);
