/**
 * The events that name a deployment or one of its VMs (SNAP-7 fields), so every workflow fills
 * `depname`, `tenant_id`, `vm_source` ... the same way.
 */
import type { Vm } from '../../domain/entities.ts';
import type { DomainEvent, EventType } from '../../domain/event.ts';
import { vmPlacementOf, vmRefOf } from '../../domain/vm-ref.ts';
import type { Target } from './target.ts';

export type EventBody = Omit<DomainEvent, 'id' | 'time' | 'operationId'>;

export interface StatusReport {
  status: 'SUCCESS' | 'FAILURE';
  statusCode: number;
  statusMessage: string;
}

export const ok = (statusMessage: string, statusCode = 200): StatusReport => ({ status: 'SUCCESS', statusCode, statusMessage });
export const failed = (statusMessage: string, statusCode = 500): StatusReport => ({ status: 'FAILURE', statusCode, statusMessage });

export function serviceEvent(t: Pick<Target, 'tenant' | 'deployment'>, type: EventType, o: StatusReport): EventBody {
  return {
    type,
    ...o,
    tenant: t.tenant.name,
    tenantId: t.tenant.vimProjectId,
    deploymentName: t.deployment.name,
    deploymentId: t.deployment.id,
  };
}

export function vmEvent(t: Target, vm: Vm, type: EventType, o: StatusReport): EventBody {
  return { ...serviceEvent(t, type, o), vmGroup: vm.group, vmSource: vmRefOf(vm, vmPlacementOf(t.tenant, t.vim.id)) };
}
