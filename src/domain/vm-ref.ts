/**
 * The one projection of a recorded VM into what the outside is told about it: the `VmRef` events
 * carry as `vm_source`/`vm_target` (SNAP-7) and the `vm_instance` opdata reports (IMPL-1). Rules
 * that live here and nowhere else:
 *  - an interface names the VIM's network and subnet ids once they are known, the names in the
 *    request until then (ESC reports ids [I]; esc-interface.md §2.7, §3.1);
 *  - the VIM project is the tenant's project name on the VIM, else the tenant's own name.
 * Pure: no I/O.
 */
import type { Tenant, Vm } from './entities.ts';
import type { VmRef } from './event.ts';

/** Where a VM lives: its VIM connector and the project it was built in. */
export interface VmPlacement {
  vimId: string;
  vimProject?: string;
  vimProjectId?: string;
}

export function vmPlacementOf(tenant: Tenant, vimId: string): VmPlacement {
  return { vimId, vimProject: tenant.vimProjectName ?? tenant.name, vimProjectId: tenant.vimProjectId };
}

export function vmRefOf(vm: Vm, where: VmPlacement): VmRef {
  return {
    vmId: vm.serverId,
    vmName: vm.vimName,
    generatedName: vm.name,
    vimId: where.vimId,
    vimProject: where.vimProject,
    vimProjectId: where.vimProjectId,
    hostId: vm.hostId,
    hostname: vm.hostname,
    interfaces: vm.interfaces.map((i) => ({
      nicid: i.nicid,
      type: i.type,
      model: i.model,
      portId: i.portId,
      network: i.networkId ?? i.network,
      subnet: i.subnetId ?? i.subnet,
      ipAddress: i.ipAddress,
      macAddress: i.macAddress,
      netmask: i.netmask,
      gateway: i.gateway,
    })),
  };
}
