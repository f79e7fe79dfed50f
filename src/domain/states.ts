/**
 * ESC's state names (esc-interface.md §4.1, requirements OPS-2..4). The service and VM state
 * machines are tables in `service-transitions.ts` and `vm-transitions.ts`; this file only names
 * the states.
 */
export const serviceStates = [
  'SERVICE_UNDEF_STATE',
  'SERVICE_DEPLOYING_STATE',
  'SERVICE_INERT_STATE',
  'SERVICE_ACTIVE_STATE',
  'SERVICE_UPDATING_STATE',
  'SERVICE_UNDEPLOYING_STATE',
  'SERVICE_STOPPING_STATE',
  'SERVICE_STOPPED_STATE',
  'SERVICE_STARTING_STATE',
  'SERVICE_REBOOTING_STATE',
  'SERVICE_ERROR_STATE',
] as const;
export type ServiceState = (typeof serviceStates)[number];

export const vmStates = [
  'VM_UNDEF_STATE',
  'VM_DEPLOYING_STATE',
  'VM_MONITOR_UNSET_STATE',
  'VM_MONITOR_DISABLED_STATE',
  'VM_STOPPING_STATE',
  'VM_SHUTOFF_STATE',
  'VM_STARTING_STATE',
  'VM_REBOOTING_STATE',
  'VM_INERT_STATE',
  'VM_ALIVE_STATE',
  'VM_UNDEPLOYING_STATE',
  'VM_ERROR_STATE',
] as const;
export type VmState = (typeof vmStates)[number];
