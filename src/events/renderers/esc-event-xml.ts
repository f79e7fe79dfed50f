/**
 * The escEvent notification (SNAP-6/7, esc-interface.md §3.1): an RFC 5277 `<notification>` with
 * an `eventTime` wrapping `<escEvent xmlns="http://www.cisco.com/esc/esc">`. Element order follows
 * the seed's VM_BACKUP_CREATED sample; `network`/`subnet` (absent from that sample) sit after
 * `status_message`, in the order esc-interface.md §3.1 lists them [I]. Absent fields are omitted.
 * The NETCONF stream uses `renderEscEventElement`; files and callbacks use the full document.
 */
import type { DomainEvent, VmRef } from '../../domain/event.ts';
import { branch, leaf, writeXml, type XmlElement } from './xml-tree.ts';

export const notificationNamespace = 'urn:ietf:params:xml:ns:netconf:notification:1.0';
export const escNamespace = 'http://www.cisco.com/esc/esc';

const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function renderEscEventXml(event: DomainEvent): string {
  return xmlDeclaration + renderEscEventElement(event);
}

export function renderEscEventElement(event: DomainEvent): string {
  return writeXml({
    name: 'notification',
    attrs: { xmlns: notificationNamespace },
    content: [leaf('eventTime', eventTime(event.time)), escEvent(event)],
  });
}

/** ESC writes `2021-09-14T12:18:39.836+00:00`: milliseconds and a numeric UTC offset. */
export function eventTime(time: string): string {
  return new Date(time).toISOString().replace(/Z$/, '+00:00');
}

function escEvent(event: DomainEvent): XmlElement {
  const kpi = event.kpi ?? {};
  return {
    name: 'escEvent',
    attrs: { xmlns: escNamespace },
    content: [
      leaf('status', event.status),
      leaf('status_code', event.statusCode),
      leaf('status_message', event.statusMessage),
      leaf('network', event.network),
      leaf('subnet', event.subnet),
      leaf('depname', event.deploymentName),
      leaf('tenant', event.tenant),
      leaf('tenant_id', event.tenantId),
      leaf('depid', event.deploymentId),
      leaf('vm_group', event.vmGroup),
      vm('vm_source', event.vmSource),
      vm('vm_target', event.vmTarget),
      branch('event', [
        leaf('type', event.type),
        leaf('name', kpi.name),
        leaf('threshold', kpi.threshold),
        leaf('value', kpi.value),
        leaf('details', kpi.details),
      ]),
    ],
  };
}

function vm(name: string, ref: VmRef | undefined): XmlElement | undefined {
  if (!ref) return undefined;
  const interfaces = ref.interfaces.map((nic) =>
    branch('interface', [
      leaf('nicid', nic.nicid),
      leaf('type', nic.type),
      leaf('port_id', nic.portId),
      leaf('network', nic.network),
      leaf('subnet', nic.subnet),
      leaf('ip_address', nic.ipAddress),
      leaf('mac_address', nic.macAddress),
      leaf('netmask', nic.netmask),
      leaf('gateway', nic.gateway),
    ]),
  );
  return branch(name, [
    leaf('vmid', ref.vmId),
    leaf('vmname', ref.vmName),
    leaf('generated_vmname', ref.generatedName),
    leaf('vim_id', ref.vimId),
    leaf('vim_project', ref.vimProject),
    leaf('vim_project_id', ref.vimProjectId),
    leaf('hostid', ref.hostId),
    leaf('hostname', ref.hostname),
    branch('interfaces', interfaces),
  ]);
}
