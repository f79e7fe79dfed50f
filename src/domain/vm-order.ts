/**
 * Which VMs an operation acts on, and in what order (COMP-1, OPS-2..4): a group is acted on once
 * every group it waits for is done. Deploy, start, reboot and monitoring follow `policies/startup`
 * dependencies; stop goes the other way, dependants first, and skips VMs already SHUTOFF (OPS-3);
 * undeploy acts on every VM at once (its order belongs to the composite VNF rules, COMP-1..4).
 */
import type { DeploymentSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import type { ServiceAction } from './operation.ts';

export type OrderedOperation = ServiceAction | 'deploy' | 'undeploy';
export type VmOrder = 'dependencies' | 'dependants-first' | 'unordered';

export function vmOrderOf(op: OrderedOperation): VmOrder {
  if (op === 'stop') return 'dependants-first';
  if (op === 'undeploy') return 'unordered';
  return 'dependencies';
}

export function vmsActedOn<V extends Pick<Vm, 'state'>>(op: OrderedOperation, vms: V[]): V[] {
  return op === 'stop' ? vms.filter((vm) => vm.state !== 'VM_SHUTOFF_STATE') : vms;
}

/** The groups that must be done before `group` is acted on, under `order`. */
export function groupsBefore(spec: Pick<DeploymentSpec, 'policies'>, group: string, order: VmOrder): string[] {
  if (order === 'unordered') return [];
  const edges = spec.policies.dependencies.flatMap((d) => d.dependsOn.map((x) => ({ target: d.target, on: x.group })));
  return order === 'dependants-first'
    ? edges.filter((e) => e.on === group).map((e) => e.target)
    : edges.filter((e) => e.target === group).map((e) => e.on);
}
