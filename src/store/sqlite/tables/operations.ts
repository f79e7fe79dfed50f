/** Durable operations (architecture principle 2), found by status at restart and by deployment. */
import type { Operation, OperationStatus } from '../../../domain/operation.ts';
import type { Page } from '../../store.ts';
import { getDocument, listDocuments, putDocument, type DocumentTable } from '../documents.ts';
import { equals } from '../query-parts.ts';
import type { Sql } from '../statements.ts';

export type OperationFilter = { status?: OperationStatus; deploymentId?: string } & Page;

export const operations: DocumentTable<Operation> = {
  table: 'operations',
  key: 'id',
  columns: (op) => ({
    id: op.id,
    kind: op.kind,
    status: op.status,
    tenant: op.tenant,
    deployment_id: op.deploymentId ?? null,
  }),
  indexed: ['status', 'deployment_id'],
  conflicts: () => ({}),
};

export const get = (sql: Sql, id: string) => getDocument<Operation>(sql, 'operations', 'id', id);
export const list = (sql: Sql, filter: OperationFilter) =>
  listDocuments<Operation>(
    sql,
    'operations',
    [equals('status', filter.status), equals('deployment_id', filter.deploymentId)],
    filter,
  );
export const put = (sql: Sql, op: Operation) => putDocument(sql, operations, op);
