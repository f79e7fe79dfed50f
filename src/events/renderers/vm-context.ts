/**
 * A VM as both event renderers name it (SNAP-7, esc-interface.md §3.1): the escEvent's
 * `vm_source`/`vm_target` element and the callback's `eventSourceContext`/`eventTargetContext`
 * carry the same snake_case fields in the same order. Absent values are `undefined` here; the XML
 * renderer leaves them out, the JSON renderer writes `null` (`orNull`).
 */
import type { VmRef } from '../../domain/event.ts';

export function vmContext(ref: VmRef) {
  return {
    vmid: ref.vmId,
    vmname: ref.vmName,
    generated_vmname: ref.generatedName,
    vim_id: ref.vimId,
    vim_project: ref.vimProject,
    vim_project_id: ref.vimProjectId,
    hostid: ref.hostId,
    hostname: ref.hostname,
    interfaces: ref.interfaces.map((nic) => ({
      nicid: nic.nicid,
      type: nic.type,
      port_id: nic.portId,
      network: nic.network,
      subnet: nic.subnet,
      ip_address: nic.ipAddress,
      mac_address: nic.macAddress,
      netmask: nic.netmask,
      gateway: nic.gateway,
    })),
  };
}


type OrNull<T> = { [K in keyof T]-?: Exclude<T[K], undefined> | null };

/** The same members with every absent value as `null`, so a JSON body always has the same keys. */
export function orNull<T extends object>(fields: T): OrNull<T> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value ?? null])) as OrNull<T>;
}
