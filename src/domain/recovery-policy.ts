/**
 * IMPL-2 recovery rules, once (esc-interface.md §6.2): whether a VM that does not come alive is
 * recovered automatically, and what the recovery tries, in order, by the group's `recovery_policy`
 * — REBOOT_ONLY: one hard reboot; REDEPLOY_ONLY: up to `max_retries` redeploys;
 * REBOOT_THEN_REDEPLOY (the default): the reboot, then the redeploys. Recovery runs only with
 * `recovery_type` AUTO (MANUAL waits for an operator) and where the service state allows it (the
 * service table refuses `recovery` while stopped, OPS-3): `automaticRecovery`. A recovery asked for by name (an operator's
 * manual recovery) is a single-VM operation: `recoveryDecision` says whether it may start.
 */
import { defaultRecoveryPolicy, type RecoveryPolicySpec, type VmGroupSpec } from './deployment-spec.ts';
import { serviceDecision } from './service-transitions.ts';
import type { ServiceState, VmState } from './states.ts';
import { vmDecision, type VmDecision } from './vm-transitions.ts';

export type RecoveryAttempt = { kind: 'reboot' } | { kind: 'redeploy'; attempt: number };

export function recoveryPolicyOf(group: VmGroupSpec): RecoveryPolicySpec {
  return group.recoveryPolicy ?? defaultRecoveryPolicy;
}

export function recoversAutomatically(serviceState: ServiceState, group: VmGroupSpec): boolean {
  return automaticRecovery(serviceState, group).act === 'recover';
}

/**
 * What automatic recovery does for a VM found down after VM_ALIVE (IMPL-2), once its group's
 * `recovery_wait_time` has passed: refused while the service state does not allow a recovery
 * (stopped, OPS-3; the refusal is logged, no event); with `recovery_type` MANUAL, only tell the
 * orchestrator (VM_MANUAL_RECOVERY_NEEDED); else recover by the policy.
 */
export type AutomaticRecovery = { act: 'recover' } | { act: 'announce' } | { act: 'refuse'; reason: string };

export function automaticRecovery(serviceState: ServiceState, group: VmGroupSpec): AutomaticRecovery {
  const d = serviceDecision(serviceState, 'recovery');
  if (!d.allowed) return { act: 'refuse', reason: d.reason };
  return recoveryPolicyOf(group).recoveryType.toUpperCase() === 'MANUAL' ? { act: 'announce' } : { act: 'recover' };
}

/**
 * Whether a recovery of one VM may start, and the VM's state while it runs: like any single-VM
 * operation not while another operation runs on the service (`vmOperation`), not while the service
 * is stopped (`recovery`, OPS-3), and only on a VM the VM table lets recover. `recovery_type` does
 * not matter: MANUAL is what waits for this.
 */
export function recoveryDecision(serviceState: ServiceState, vmState: VmState): VmDecision {
  for (const op of ['vmOperation', 'recovery'] as const) {
    const d = serviceDecision(serviceState, op);
    if (!d.allowed) return d;
  }
  return vmDecision(vmState, 'recovery');
}

/** The attempts a recovery makes, in order, until one brings the VM back. */
export function recoveryAttempts(policy: RecoveryPolicySpec): RecoveryAttempt[] {
  const action = policy.actionOnRecovery.toUpperCase();
  const attempts: RecoveryAttempt[] = action === 'REDEPLOY_ONLY' ? [] : [{ kind: 'reboot' }];
  if (action !== 'REBOOT_ONLY')
    for (let n = 1; n <= Math.max(1, policy.maxRetries); n++) attempts.push({ kind: 'redeploy', attempt: n });
  return attempts;
}
