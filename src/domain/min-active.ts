/**
 * VMOP-2: without `force`, a stop or reboot of one VM may not take its group below `min_active`
 * VMs alive. Returns the refusal, or undefined when the action may go ahead.
 */
import type { VmGroupSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import { errors, type DomainError } from './errors.ts';
import type { ServiceAction } from './operation.ts';

export function minActiveRefusal(
  req: { action: ServiceAction; force: boolean; vm: Pick<Vm, 'id' | 'name' | 'group'> },
  group: Pick<VmGroupSpec, 'scaling'> | undefined,
  peers: Pick<Vm, 'id' | 'state'>[],
): DomainError | undefined {
  if (req.force || (req.action !== 'stop' && req.action !== 'reboot') || !group) return undefined;
  const alive = peers.filter((p) => p.id !== req.vm.id && p.state === 'VM_ALIVE_STATE').length;
  if (alive >= group.scaling.minActive) return undefined;
  return errors.belowMinActive(req.vm.name, req.vm.group, group.scaling.minActive);
}
