/**
 * The body of one `Callback-ESC-Events` POST (esc-interface.md §1.3). The source document shows
 * a single sample (VM_VOLUME_CREATED_EVENT); we keep its top-level keys and their types and fill
 * them from our event. Choices where the sample is silent:
 *  - `eventSourceContext` / `eventTargetContext`: the VM as the escEvent names it (`vm_source` /
 *    `vm_target`: the same fields, from `vm-context.ts`; `interfaces` as an array), or `null`
 *    without a VM.
 *  - `escParameter`: the escEvent's flat leaves in snake_case; `null` when the event names no
 *    deployment, tenant or network (it has no "parameter" then). Values are strings or `null`,
 *    as in the sample (`"size": "2"`, `"sizeunit": null`).
 *  - `stateMachineEventNBInfo.id` is our event id (stable, also the `ESC-Event-Id` header).
 *  - `statusCode` is a string (`"201"` in the sample); `notificationOnlyEvent` is always false.
 *  - Added for receivers: `status`, `eventId`, `eventTime` (escEvent form), `seq` (or null).
 *  - A volume-from-snapshot event (REST-5) carries the volume as `escParameter`, with the keys of
 *    the sample (`external_volume_id`, `size` in GiB, `bus`, `type`, `outOfBand`, ...) and
 *    `bootable`, `multiattach`; see `volumeParameter`.
 * Absent values are `null`, never missing, so every body of one kind has the same keys.
 */
import { escDefaults } from '../../datamodel/defaults.ts';
import type { DomainEvent, VmRef, VolumeRef } from '../../domain/event.ts';
import { eventTime } from './esc-event-xml.ts';
import { orNull, vmContext } from './vm-context.ts';

export function renderEventCallback(event: DomainEvent): object {
  return {
    escTransactionId: event.operationId ?? null,
    eventType: event.type,
    eventSourceContext: vmCallbackContext(event.vmSource),
    eventTargetContext: vmCallbackContext(event.vmTarget),
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
  if (event.volume) return volumeParameter(event, event.volume);
  const context = [event.deploymentName, event.deploymentId, event.tenant, event.tenantId, event.network, event.subnet];
  if (context.every((v) => v === undefined)) return null;
  return orNull({
    depname: event.deploymentName,
    depid: event.deploymentId,
    tenant: event.tenant,
    tenant_id: event.tenantId,
    vm_group: event.vmGroup,
    network: event.network,
    subnet: event.subnet,
    status: event.status,
    status_code: String(event.statusCode),
    status_message: event.statusMessage,
    event_type: event.type,
    event_name: event.kpi?.name,
    threshold: event.kpi?.threshold,
    value: event.kpi?.value,
    details: event.kpi?.details,
  });
}

/**
 * REST-5: the source's VM_VOLUME_CREATED_EVENT sample, key for key. Cinder has no bus: `bus` is
 * the one a volume element gets by default. `outOfBand` is "true": the manager does not manage
 * the volume (REST-3). The tenant keys carry our tenant and its VIM project.
 */
function volumeParameter(event: DomainEvent, v: VolumeRef): object {
  return orNull({
    external_volume_id: v.id,
    size: v.sizeGiB === undefined ? undefined : String(v.sizeGiB),
    sizeunit: v.sizeGiB === undefined ? undefined : 'GiB',
    bus: escDefaults.volume.bus,
    type: v.volumeType,
    outOfBand: 'true',
    bootIndex: undefined,
    name: v.name,
    format: undefined,
    deviceType: undefined,
    storageLocation: undefined,
    external_tenant_id: event.tenantId,
    internal_tenant_id: event.tenant,
    internal_volume_id: undefined,
    volid: undefined,
    event_type: undefined,
    image: undefined,
    bootable: String(v.bootable),
    multiattach: String(v.multiattach),
  });
}

/** The shared VM fields, `interfaces` as an array of the shared interface fields. */
function vmCallbackContext(ref: VmRef | undefined): object | null {
  if (!ref) return null;
  const { interfaces, ...fields } = vmContext(ref);
  return { ...orNull(fields), interfaces: interfaces.map(orNull) };
}
