/**
 * The VM state rules as data: VM state × VM operation → the state the operation enters. A missing
 * entry means refused. `force` (VMOP-2): a forced start, stop or reboot may act on a VM in any state
 * listed in `forceableStates` (and, per `min-active.ts`, below the group's `min_active`).
 */
import type { VmState } from './states.ts';

export const vmOperations = ['start', 'stop', 'reboot', 'enableMonitor', 'disableMonitor', 'recovery', 'snapshot'] as const;
export type VmOperation = (typeof vmOperations)[number];

type Row = Partial<Record<VmOperation, VmState>>;

const monitoredOff: Row = {
  stop: 'VM_STOPPING_STATE',
  reboot: 'VM_REBOOTING_STATE',
  enableMonitor: 'VM_ALIVE_STATE',
  disableMonitor: 'VM_MONITOR_DISABLED_STATE',
};

export const vmTransitions = {
  VM_UNDEF_STATE: {},
  VM_DEPLOYING_STATE: {},
  VM_MONITOR_UNSET_STATE: monitoredOff,
  VM_MONITOR_DISABLED_STATE: monitoredOff,
  VM_STOPPING_STATE: {},
  // SNAP-3: a snapshot is taken of a VM that is alive or stopped.
  VM_SHUTOFF_STATE: { start: 'VM_STARTING_STATE', snapshot: 'VM_SHUTOFF_STATE' },
  VM_STARTING_STATE: {},
  VM_REBOOTING_STATE: {},
  // IMPL-2: a recovery acts on a VM that is alive, in error or inert, and no other.
  VM_INERT_STATE: { recovery: 'VM_REBOOTING_STATE' },
  VM_ALIVE_STATE: {
    stop: 'VM_STOPPING_STATE',
    reboot: 'VM_REBOOTING_STATE',
    enableMonitor: 'VM_ALIVE_STATE',
    disableMonitor: 'VM_MONITOR_DISABLED_STATE',
    recovery: 'VM_REBOOTING_STATE',
    snapshot: 'VM_ALIVE_STATE',
  },
  VM_UNDEPLOYING_STATE: {},
  VM_ERROR_STATE: { start: 'VM_STARTING_STATE', stop: 'VM_STOPPING_STATE', reboot: 'VM_REBOOTING_STATE', recovery: 'VM_REBOOTING_STATE' },
} as const satisfies Record<VmState, Row>;

/** Where `force=true` may override a refusal (VMOP-2: e.g. hard reboot or power-off of a VM that does not answer). */
export const forceableStates: readonly VmState[] = [
  'VM_DEPLOYING_STATE',
  'VM_INERT_STATE',
  'VM_STOPPING_STATE',
  'VM_STARTING_STATE',
  'VM_REBOOTING_STATE',
  'VM_ALIVE_STATE',
  'VM_MONITOR_DISABLED_STATE',
  'VM_MONITOR_UNSET_STATE',
  'VM_SHUTOFF_STATE',
  'VM_ERROR_STATE',
];

/** The state a forced operation enters where the table has no entry. */
const forcedTarget: Record<'start' | 'stop' | 'reboot', VmState> = {
  start: 'VM_STARTING_STATE',
  stop: 'VM_STOPPING_STATE',
  reboot: 'VM_REBOOTING_STATE',
};

export type VmDecision = { allowed: true; next: VmState } | { allowed: false; reason: string };

export function vmDecision(state: VmState, op: VmOperation, opts: { force?: boolean } = {}): VmDecision {
  const next = (vmTransitions[state] as Row)[op];
  if (next) return { allowed: true, next };
  if (opts.force && (op === 'start' || op === 'stop' || op === 'reboot') && forceableStates.includes(state))
    return { allowed: true, next: forcedTarget[op] };
  if (op === 'start' && (state === 'VM_ALIVE_STATE' || state === 'VM_INERT_STATE'))
    return { allowed: false, reason: `the VM is already running (${state})` };
  if (op === 'stop' && state === 'VM_SHUTOFF_STATE') return { allowed: false, reason: 'the VM is already stopped' };
  if (op === 'recovery') return { allowed: false, reason: `a recovery needs a VM alive, in error or inert, not ${state} (IMPL-2)` };
  if (op === 'snapshot') return { allowed: false, reason: `a snapshot needs a VM alive or stopped, not ${state} (SNAP-3)` };
  const transitional = forceableStates.includes(state) ? ' unless forced (VMOP-2)' : '';
  return { allowed: false, reason: `${op} is not allowed in ${state}${transitional}` };
}
