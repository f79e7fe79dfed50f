/**
 * COMP-4 rule-driven scaling, once (esc-interface.md §6.3, §4.4): whether one VM may be added to
 * (`out`) or taken from (`in`) a group, and which one goes. Refused while the service is stopped or
 * another operation holds it in a transitional state (the service table's `scaleOut`/`scaleIn`,
 * OPS-3), for a group that is not `elastic` (ESC: `elastic` enables load-driven scaling), at
 * `max_active` (out) and at `min_active` (in). A VM already on its way out (VM_UNDEPLOYING_STATE,
 * an accepted scale-in) no longer counts. Scale-in takes the VM with the highest index [I], the
 * newest of the group, so the group's first VMs keep their names and addresses.
 */
import type { VmGroupSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import { serviceDecision } from './service-transitions.ts';
import type { ServiceState } from './states.ts';

export type ScaleDirection = 'out' | 'in';

export type ScaleDecision = { allowed: true; remove?: string } | { allowed: false; reason: string };

export function scaleDecision(o: {
  serviceState: ServiceState;
  group: Pick<VmGroupSpec, 'scaling'>;
  /** The group's recorded VMs. */
  vms: Pick<Vm, 'id' | 'index' | 'state'>[];
  direction: ScaleDirection;
}): ScaleDecision {
  const service = serviceDecision(o.serviceState, o.direction === 'out' ? 'scaleOut' : 'scaleIn');
  if (!service.allowed) return service;
  const { minActive, maxActive, elastic } = o.group.scaling;
  if (!elastic) return { allowed: false, reason: 'the group is not elastic (elastic false: no load-driven scaling)' };
  const counted = o.vms.filter((v) => v.state !== 'VM_UNDEPLOYING_STATE');
  if (o.direction === 'out')
    return counted.length >= maxActive ? { allowed: false, reason: `the group has ${counted.length} VMs, its max_active is ${maxActive}` } : { allowed: true };
  if (counted.length <= minActive) return { allowed: false, reason: `the group has ${counted.length} VMs, its min_active is ${minActive}` };
  const newest = counted.reduce((a, b) => (b.index > a.index ? b : a));
  return { allowed: true, remove: newest.id };
}
