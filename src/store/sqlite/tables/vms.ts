/** VMs: unique by id and generated name; listed per deployment and group through indexes. */
import type { Vm } from '../../../domain/entities.ts';
import { errors } from '../../../domain/errors.ts';
import type { VmFilter } from '../../store.ts';
import { deleteDocument, getDocument, listDocuments, putDocument, type DocumentTable } from '../documents.ts';
import { equals, oneOf } from '../query-parts.ts';
import type { Sql } from '../statements.ts';

export const vms: DocumentTable<Vm> = {
  table: 'vms',
  key: 'id',
  columns: (vm) => ({
    id: vm.id,
    deployment_id: vm.deploymentId,
    vm_group: vm.group,
    vm_index: vm.index,
    name: vm.name,
    state: vm.state,
  }),
  indexed: ['deployment_id', 'vm_group', 'name'],
  conflicts: (vm) => ({
    duplicate: (cause) => errors.vmNameTaken(vm.name, cause),
    missingParent: (cause) => errors.deploymentOfVmMissing(vm.deploymentId, vm.name, cause),
  }),
};

export const get = (sql: Sql, id: string) => getDocument<Vm>(sql, 'vms', 'id', id);
export const getByName = (sql: Sql, name: string) => getDocument<Vm>(sql, 'vms', 'name', name);
export const list = (sql: Sql, filter: VmFilter = {}) =>
  listDocuments<Vm>(sql, 'vms', [equals('deployment_id', filter.deploymentId), oneOf('deployment_id', filter.deploymentIds), equals('vm_group', filter.group)], filter, filter.deploymentIds ? 'deployment_id, seq' : 'seq');
export const put = (sql: Sql, vm: Vm) => putDocument(sql, vms, vm);
export const remove = (sql: Sql, id: string) => deleteDocument(sql, 'vms', 'id', id);
