/**
 * Which VMs the monitor watches (IMPL-2; issue 12 items 2 and 5): a VM is watched when its own
 * monitoring flag is on (set at VM_ALIVE, start, reboot and enable-monitor; off on stop and
 * disable-monitor), it is alive, its deployment rests in a steady state — not being deployed,
 * updated, stopped, started, rebooted or undeployed, whose workflows do their own waiting — and the
 * manager is not in maintenance mode. Anything else pauses it: no poll, no outcome, no drift.
 */
import type { Vm } from './entities.ts';
import type { OpMode } from './op-mode.ts';
import type { ServiceState } from './states.ts';

/** Deployment states in which nothing is under way, so what the VIM shows is drift, not our work. */
export const steadyServiceStates: readonly ServiceState[] = ['SERVICE_ACTIVE_STATE', 'SERVICE_INERT_STATE', 'SERVICE_ERROR_STATE'];

export type PauseReason = 'MONITORING_OFF' | 'NOT_ALIVE' | 'DEPLOYMENT_BUSY' | 'MAINTENANCE';

/** Why `vm` is not watched now, or undefined when it is. */
export function monitoringPause(vm: Pick<Vm, 'monitoring' | 'state'>, deploymentState: ServiceState, mode: OpMode): PauseReason | undefined {
  if (mode === 'MAINTENANCE') return 'MAINTENANCE';
  if (!vm.monitoring) return 'MONITORING_OFF';
  if (vm.state !== 'VM_ALIVE_STATE') return 'NOT_ALIVE';
  if (!steadyServiceStates.includes(deploymentState)) return 'DEPLOYMENT_BUSY';
  return undefined;
}
