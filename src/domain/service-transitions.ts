/**
 * The service (deployment) state rules, once, as data: state × operation → the state the operation
 * enters, or a refusal. A missing entry means refused; the reason comes from `whyRefused`.
 * The engine asks `serviceDecision` before it records anything (OPS-2..5, esc-interface.md §4.4).
 */
import type { ServiceState } from './states.ts';

export const serviceOperations = [
  'deploy',
  'update',
  'undeploy',
  'start',
  'stop',
  'reboot',
  'enableMonitor',
  'disableMonitor',
  'vmOperation',
  'recovery',
  'scaleOut',
  'scaleIn',
  'snapshot',
] as const;
export type ServiceOperation = (typeof serviceOperations)[number];

type Row = Partial<Record<ServiceOperation, ServiceState>>;

/** Operations that leave the service state as it is enter their own state here. */
const onActive: Row = {
  update: 'SERVICE_UPDATING_STATE',
  undeploy: 'SERVICE_UNDEPLOYING_STATE',
  stop: 'SERVICE_STOPPING_STATE',
  reboot: 'SERVICE_REBOOTING_STATE',
  enableMonitor: 'SERVICE_ACTIVE_STATE',
  disableMonitor: 'SERVICE_ACTIVE_STATE',
  vmOperation: 'SERVICE_ACTIVE_STATE',
  recovery: 'SERVICE_ACTIVE_STATE',
  scaleOut: 'SERVICE_ACTIVE_STATE',
  scaleIn: 'SERVICE_ACTIVE_STATE',
  snapshot: 'SERVICE_ACTIVE_STATE',
};

export const serviceTransitions = {
  SERVICE_UNDEF_STATE: { deploy: 'SERVICE_DEPLOYING_STATE' },
  // While VMs come up only an undeploy may cut in; recovery heals VMs that fail to boot.
  SERVICE_DEPLOYING_STATE: { undeploy: 'SERVICE_UNDEPLOYING_STATE', recovery: 'SERVICE_DEPLOYING_STATE' },
  SERVICE_INERT_STATE: { undeploy: 'SERVICE_UNDEPLOYING_STATE', recovery: 'SERVICE_INERT_STATE' },
  SERVICE_ACTIVE_STATE: onActive,
  // esc-interface.md §4.4: monitors are off during an update; recovery may still run in it.
  SERVICE_UPDATING_STATE: { undeploy: 'SERVICE_UNDEPLOYING_STATE', recovery: 'SERVICE_UPDATING_STATE' },
  SERVICE_UNDEPLOYING_STATE: {},
  SERVICE_STOPPING_STATE: { undeploy: 'SERVICE_UNDEPLOYING_STATE' },
  // OPS-3: while stopped, recovery and scaling are refused; undeploy and start are allowed.
  SERVICE_STOPPED_STATE: {
    start: 'SERVICE_STARTING_STATE',
    undeploy: 'SERVICE_UNDEPLOYING_STATE',
    vmOperation: 'SERVICE_STOPPED_STATE',
    snapshot: 'SERVICE_STOPPED_STATE',
  },
  // OPS-2, OPS-4: only an undeploy may interrupt a start or a reboot.
  SERVICE_STARTING_STATE: { undeploy: 'SERVICE_UNDEPLOYING_STATE' },
  SERVICE_REBOOTING_STATE: { undeploy: 'SERVICE_UNDEPLOYING_STATE' },
  // A failed service can be repaired by an update, operated, or removed.
  SERVICE_ERROR_STATE: {
    update: 'SERVICE_UPDATING_STATE',
    undeploy: 'SERVICE_UNDEPLOYING_STATE',
    start: 'SERVICE_STARTING_STATE',
    stop: 'SERVICE_STOPPING_STATE',
    reboot: 'SERVICE_REBOOTING_STATE',
    vmOperation: 'SERVICE_ERROR_STATE',
    recovery: 'SERVICE_ERROR_STATE',
    snapshot: 'SERVICE_ERROR_STATE',
  },
} as const satisfies Record<ServiceState, Row>;

/** States in which an operation is running on the service (its name, for refusal messages). */
const runningOperation: Partial<Record<ServiceState, string>> = {
  SERVICE_DEPLOYING_STATE: 'deploy',
  SERVICE_INERT_STATE: 'deploy',
  SERVICE_UPDATING_STATE: 'update',
  SERVICE_UNDEPLOYING_STATE: 'undeploy',
  SERVICE_STOPPING_STATE: 'stop',
  SERVICE_STARTING_STATE: 'start',
  SERVICE_REBOOTING_STATE: 'reboot',
};

export type Decision = { allowed: true; next: ServiceState } | { allowed: false; reason: string };

export function serviceDecision(state: ServiceState, op: ServiceOperation): Decision {
  const next = (serviceTransitions[state] as Row)[op];
  return next ? { allowed: true, next } : { allowed: false, reason: whyRefused(state, op) };
}

function whyRefused(state: ServiceState, op: ServiceOperation): string {
  const running = runningOperation[state];
  if (running === 'start' || running === 'reboot')
    return `a ${running} is running (${state}); only an undeploy may interrupt it (${running === 'start' ? 'OPS-2' : 'OPS-4'})`;
  if (running) return `${/^[aeiou]/.test(running) ? 'an' : 'a'} ${running} is running (${state}); wait until it ends`;
  if (state === 'SERVICE_ACTIVE_STATE' && op === 'start') return 'the service is already running (OPS-5)';
  if (state === 'SERVICE_ACTIVE_STATE' && op === 'deploy') return 'the deployment already exists';
  if (state === 'SERVICE_STOPPED_STATE' && op === 'stop') return 'the service is already stopped';
  if (state === 'SERVICE_STOPPED_STATE') return `${op} is not allowed while the service is stopped (OPS-3)`;
  if (state === 'SERVICE_UNDEF_STATE') return 'the deployment does not exist';
  return `${op} is not allowed in ${state}`;
}
