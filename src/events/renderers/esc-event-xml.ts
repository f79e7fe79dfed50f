/**
 * The escEvent notification (SNAP-6/7, esc-interface.md §3.1): an RFC 5277 `<notification>` with
 * an `eventTime` wrapping `<escEvent xmlns="http://www.cisco.com/esc/esc">`. Element order follows
 * the seed's VM_BACKUP_CREATED sample; `network`/`subnet` (absent from that sample) sit after
 * `status_message`, in the order esc-interface.md §3.1 lists them [I]. Absent fields are omitted.
 * `renderEscEventElement` is the element alone, for documents holding several (GET /events).
 */
import { escNamespace } from '../../datamodel/namespaces.ts';
import type { DomainEvent, VmRef } from '../../domain/event.ts';
import { XmlWriter, type XmlFields } from '../../xml/writer.ts';
import { vmContext } from './vm-context.ts';

export const notificationNamespace = 'urn:ietf:params:xml:ns:netconf:notification:1.0';

export function renderEscEventXml(event: DomainEvent): string {
  return writeNotification(new XmlWriter().declaration(), event).toString();
}

export function renderEscEventElement(event: DomainEvent): string {
  return writeNotification(new XmlWriter(), event).toString();
}

function writeNotification(w: XmlWriter, event: DomainEvent): XmlWriter {
  return w
    .start('notification', { xmlns: notificationNamespace })
    .leaf('eventTime', eventTime(event.time))
    .start('escEvent', { xmlns: escNamespace })
    .members(escEvent(event))
    .end()
    .end();
}

/** ESC writes `2021-09-14T12:18:39.836+00:00`: milliseconds and a numeric UTC offset. */
export function eventTime(time: string): string {
  return new Date(time).toISOString().replace(/Z$/, '+00:00');
}

function escEvent(event: DomainEvent): XmlFields {
  const kpi = event.kpi ?? {};
  return {
    status: event.status,
    status_code: event.statusCode,
    status_message: event.statusMessage,
    network: event.network,
    subnet: event.subnet,
    depname: event.deploymentName,
    tenant: event.tenant,
    tenant_id: event.tenantId,
    depid: event.deploymentId,
    vm_group: event.vmGroup,
    vm_source: vm(event.vmSource),
    vm_target: vm(event.vmTarget),
    event: { type: event.type, name: kpi.name, threshold: kpi.threshold, value: kpi.value, details: kpi.details },
  };
}

/** The shared VM fields; `interfaces` wraps its `interface` list and is left out when empty. */
function vm(ref: VmRef | undefined): XmlFields | undefined {
  if (!ref) return undefined;
  const { interfaces, ...fields } = vmContext(ref);
  return { ...fields, interfaces: interfaces.length === 0 ? undefined : { interface: interfaces } };
}
