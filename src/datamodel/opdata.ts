/**
 * ESC's operational-data subtree (`esc_datamodel/opdata`, esc-interface.md §2.7; IMPL-1): what
 * clients poll to learn a deployment's service state, its VMs, their VIM ids and addresses.
 * Deployments group under their tenant in first-seen order; groups follow the spec's order (then
 * any group only the VMs still name, e.g. one an update removed); VMs follow their index. Unknown
 * values are left out rather than rendered empty. In JSON every list is an array. Each VM is told as
 * its `VmRef` (`domain/vm-ref.ts`), so opdata and events report the same ids. `vm_instance` is keyed
 * by `vm_id` (§2.7), so a VM the VIM has not yet given an id is left out of it until it has one; its
 * state is still told in `vm_state_machines`, keyed by name.
 */
import type { DeploymentView } from '../domain/entities.ts';
import type { VmRef, VmRefInterface } from '../domain/event.ts';
import { vmPlacementOf, vmRefOf } from '../domain/vm-ref.ts';
import type { XmlFields } from '../xml/writer.ts';
import { interfaceAttachment } from './deployment-render.ts';
import { escNamespace } from './namespaces.ts';
import { renderDocument, type Format } from './document.ts';

export function renderDeploymentOpdata(view: DeploymentView, format: Format): string {
  return renderDeploymentsOpdata([view], format);
}

export function renderDeploymentsOpdata(views: readonly DeploymentView[], format: Format): string {
  const byTenant = new Map<string, DeploymentView[]>();
  for (const view of views) {
    const same = byTenant.get(view.tenant.name);
    if (same) same.push(view);
    else byTenant.set(view.tenant.name, [view]);
  }
  const tenant = [...byTenant.values()].map((tenantViews) => {
    const { tenant: t } = tenantViews[0]!;
    return { name: t.name, tenant_id: t.vimProjectId, deployments: tenantViews.map(deployment) };
  });
  return renderDocument('esc_datamodel', { opdata: { tenants: { tenant } } }, format, escNamespace);
}

function deployment({ tenant, deployment: d, vms }: DeploymentView): XmlFields {
  const where = vmPlacementOf(tenant, d.vimConnector);
  const names = new Set([...d.spec.vmGroups.map((g) => g.name), ...vms.map((vm) => vm.group)]);
  const groups = [...names].map((name) => ({
    name,
    vms: vms.filter((vm) => vm.group === name).sort((x, y) => x.index - y.index),
  }));
  return {
    deployment_name: d.name,
    deployment_id: d.id,
    vm_group: groups.map((g) => ({
      name: g.name,
      vm_instance: g.vms.map((vm) => vmRefOf(vm, where)).filter((ref) => ref.vmId !== undefined).map(vmInstance),
    })),
    state_machine: {
      state: d.state,
      vm_state_machines: {
        vm_state_machine: groups.flatMap((g) => g.vms).map((vm) => ({ vm_name: vm.name, state: vm.state })),
      },
    },
  };
}

function vmInstance(vm: VmRef): XmlFields {
  return {
    vm_id: vm.vmId,
    name: vm.generatedName,
    host_id: vm.hostId,
    hostname: vm.hostname,
    interfaces: vm.interfaces.length === 0 ? undefined : { interface: vm.interfaces.map(vmInterface) },
  };
}

function vmInterface(i: VmRefInterface): XmlFields {
  return {
    nicid: i.nicid,
    port_id: i.portId,
    ...interfaceAttachment(i),
    netmask: i.netmask,
    gateway: i.gateway,
  };
}
