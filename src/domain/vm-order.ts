/**
 * Which VMs an operation acts on, and in what order (COMP-1, OPS-2..4): a group is acted on once
 * every group it waits for is done. Deploy, start, reboot and monitoring follow `policies/startup`
 * dependencies; stop and undeploy go the other way, dependants first (COMP-1: a group is torn
 * down only once nothing that depends on it is left), and stop skips VMs already SHUTOFF (OPS-3).
 */
import type { DeploymentSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import type { ServiceAction } from './operation.ts';

export type OrderedOperation = ServiceAction | 'deploy' | 'undeploy';
export type VmOrder = 'dependencies' | 'dependants-first';

export function vmOrderOf(op: OrderedOperation): VmOrder {
  if (op === 'stop' || op === 'undeploy') return 'dependants-first';
  return 'dependencies';
}

export function vmsActedOn<V extends Pick<Vm, 'state'>>(op: OrderedOperation, vms: V[]): V[] {
  return op === 'stop' ? vms.filter((vm) => vm.state !== 'VM_SHUTOFF_STATE') : vms;
}

/** The groups that must be done before `group` is acted on, under `order`. */
export function groupsBefore(spec: Pick<DeploymentSpec, 'policies'>, group: string, order: VmOrder): string[] {
  const edges = spec.policies.dependencies.flatMap((d) => d.dependsOn.map((x) => ({ target: d.target, on: x.group })));
  return order === 'dependants-first'
    ? edges.filter((e) => e.on === group).map((e) => e.target)
    : edges.filter((e) => e.target === group).map((e) => e.on);
}
