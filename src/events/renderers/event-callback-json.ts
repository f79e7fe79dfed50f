/**
 * The body of one `Callback-ESC-Events` POST (esc-interface.md §1.3, item 7 of the foundation
 * issue). The source document shows a single sample (VM_VOLUME_CREATED_EVENT); we keep its
 * top-level keys and their types and fill them from our event. Choices where the sample is silent:
 *  - `eventSourceContext` / `eventTargetContext`: the VM as the escEvent names it (`vm_source` /
 *    `vm_target`, same snake_case keys, `interfaces` as an array), or `null` without a VM.
 *  - `escParameter`: the escEvent's flat leaves in snake_case; `null` when the event names no
 *    deployment, tenant or network (it has no "parameter" then). Values are strings or `null`,
 *    as in the sample (`"size": "2"`, `"sizeunit": null`).
 *  - `stateMachineEventNBInfo.id` is our event id (stable, also the `ESC-Event-Id` header).
 *  - `statusCode` is a string (`"201"` in the sample); `notificationOnlyEvent` is always false.
 *  - Added for receivers: `status`, `eventId`, `eventTime` (escEvent form), `seq` (or null).
 * Absent values are `null`, never missing, so every body has the same keys.
 */
import type { DomainEvent, VmRef } from '../../domain/event.ts';
import { eventTime } from './esc-event-xml.ts';

export function renderEventCallback(event: DomainEvent): object {
  return {
    escTransactionId: event.operationId ?? null,
    eventType: event.type,
    eventSourceContext: vmContext(event.vmSource),
    eventTargetContext: vmContext(event.vmTarget),
    message: event.statusMessage,
    stateMachineEventNBInfo: { id: event.id, message: {}, logNames: [], keywords: {}, actionInfo: {}, stackTrace: '' },
    escParameter: escParameter(event),
    vmUpdateType: null,
    requestDetails: null,
    statusCode: String(event.statusCode),
    notificationOnlyEvent: false,
    status: event.status,
    eventId: event.id,
    eventTime: eventTime(event.time),
    seq: event.seq ?? null,
  };
}

function escParameter(event: DomainEvent): object | null {
  const context = [event.deploymentName, event.deploymentId, event.tenant, event.tenantId, event.network, event.subnet];
  if (context.every((v) => v === undefined)) return null;
  return {
    depname: event.deploymentName ?? null,
    depid: event.deploymentId ?? null,
    tenant: event.tenant ?? null,
    tenant_id: event.tenantId ?? null,
    vm_group: event.vmGroup ?? null,
    network: event.network ?? null,
    subnet: event.subnet ?? null,
    status: event.status,
    status_code: String(event.statusCode),
    status_message: event.statusMessage,
    event_type: event.type,
    event_name: event.kpi?.name ?? null,
    threshold: event.kpi?.threshold ?? null,
    value: event.kpi?.value ?? null,
    details: event.kpi?.details ?? null,
  };
}

function vmContext(ref: VmRef | undefined): object | null {
  if (!ref) return null;
  return {
    vmid: ref.vmId ?? null,
    vmname: ref.vmName,
    generated_vmname: ref.generatedName,
    vim_id: ref.vimId,
    vim_project: ref.vimProject ?? null,
    vim_project_id: ref.vimProjectId ?? null,
    hostid: ref.hostId ?? null,
    hostname: ref.hostname ?? null,
    interfaces: ref.interfaces.map((nic) => ({
      nicid: nic.nicid,
      type: nic.type,
      port_id: nic.portId ?? null,
      network: nic.network ?? null,
      subnet: nic.subnet ?? null,
      ip_address: nic.ipAddress ?? null,
      mac_address: nic.macAddress ?? null,
      netmask: nic.netmask ?? null,
      gateway: nic.gateway ?? null,
    })),
  };
}
