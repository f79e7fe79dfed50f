/**
 * VMOP-2: without `force`, a stop or reboot of one VM may not take its group below `min_active`
 * VMs alive. Returns why the action is refused, or undefined when it may go ahead.
 */
import type { VmGroupSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import type { ServiceAction } from './operation.ts';

export function minActiveRefusal(
  req: { action: ServiceAction; force: boolean; vm: Pick<Vm, 'id' | 'group'> },
  group: Pick<VmGroupSpec, 'scaling'> | undefined,
  peers: Pick<Vm, 'id' | 'state'>[],
): string | undefined {
  if (req.force || (req.action !== 'stop' && req.action !== 'reboot') || !group) return undefined;
  const alive = peers.filter((p) => p.id !== req.vm.id && p.state === 'VM_ALIVE_STATE').length;
  if (alive >= group.scaling.minActive) return undefined;
  return `vm_group [${req.vm.group}] would fall below its min_active ${group.scaling.minActive}; use force=true to act anyway (VMOP-2)`;
}
