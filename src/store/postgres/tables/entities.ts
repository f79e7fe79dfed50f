/**
 * Tenants, deployments, VMs and operations on PostgreSQL: the SQLite store's table specs and
 * filters (`../../sqlite/tables/`), run through the PostgreSQL documents.
 */
import type { Deployment, Tenant, Vm } from '../../../domain/entities.ts';
import type { Operation } from '../../../domain/operation.ts';
import type { DeploymentFilter, Page, VmFilter } from '../../store.ts';
import { conditions as deploymentConditions, deployments as deploymentSpec } from '../../sqlite/tables/deployments.ts';
import { operations as operationSpec, type OperationFilter } from '../../sqlite/tables/operations.ts';
import { tenants as tenantSpec } from '../../sqlite/tables/tenants.ts';
import { vms as vmSpec } from '../../sqlite/tables/vms.ts';
import { equals } from '../../sqlite/query-parts.ts';
import { anyOf, countDocuments, deleteDocument, getDocument, listDocuments, putDocument } from '../documents.ts';
import type { PgSql } from '../statements.ts';

export const tenants = {
  get: (sql: PgSql, name: string) => getDocument<Tenant>(sql, 'tenants', 'name', name),
  list: (sql: PgSql, page?: Page) => listDocuments<Tenant>(sql, 'tenants', [], page),
  put: (sql: PgSql, tenant: Tenant) => putDocument(sql, tenantSpec, tenant),
  remove: (sql: PgSql, name: string) => deleteDocument(sql, 'tenants', 'name', name),
};

export const deployments = {
  get: (sql: PgSql, id: string) => getDocument<Deployment>(sql, 'deployments', 'id', id),
  getByName: (sql: PgSql, name: string) => getDocument<Deployment>(sql, 'deployments', 'name', name),
  list: (sql: PgSql, filter?: DeploymentFilter) => listDocuments<Deployment>(sql, 'deployments', deploymentConditions(filter), filter),
  count: (sql: PgSql, filter?: DeploymentFilter) => countDocuments(sql, 'deployments', deploymentConditions(filter)),
  put: (sql: PgSql, deployment: Deployment) => putDocument(sql, deploymentSpec, deployment),
  /** Its VMs go with it (ON DELETE CASCADE). */
  remove: (sql: PgSql, id: string) => deleteDocument(sql, 'deployments', 'id', id),
};

export const vms = {
  get: (sql: PgSql, id: string) => getDocument<Vm>(sql, 'vms', 'id', id),
  getByName: (sql: PgSql, name: string) => getDocument<Vm>(sql, 'vms', 'name', name),
  list: (sql: PgSql, filter: VmFilter = {}) =>
    listDocuments<Vm>(
      sql,
      'vms',
      [equals('deployment_id', filter.deploymentId), anyOf('deployment_id', filter.deploymentIds), equals('vm_group', filter.group)],
      filter,
      filter.deploymentIds ? 'deployment_id, seq' : 'seq',
    ),
  put: (sql: PgSql, vm: Vm) => putDocument(sql, vmSpec, vm),
  remove: (sql: PgSql, id: string) => deleteDocument(sql, 'vms', 'id', id),
};

export const operations = {
  get: (sql: PgSql, id: string) => getDocument<Operation>(sql, 'operations', 'id', id),
  list: (sql: PgSql, filter: OperationFilter) =>
    listDocuments<Operation>(sql, 'operations', [equals('status', filter.status), equals('deployment_id', filter.deploymentId)], filter),
  put: (sql: PgSql, op: Operation) => putDocument(sql, operationSpec, op),
};
