import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spec } from '../store/contract/fixtures.ts';
import { defaultRecoveryPolicy, type RecoveryPolicySpec, type VmGroupSpec } from './deployment-spec.ts';
import { automaticRecovery, recoveryAttempts, recoveryDecision, recoveryPolicyOf, recoversAutomatically, type AutomaticRecovery } from './recovery-policy.ts';
import type { ServiceState, VmState } from './states.ts';

const group = (recoveryPolicy?: RecoveryPolicySpec): VmGroupSpec => ({ ...spec('dep').vmGroups[0]!, recoveryPolicy });
const policy = (actionOnRecovery: string, maxRetries: number, recoveryType = 'AUTO'): RecoveryPolicySpec => ({ actionOnRecovery, recoveryType, maxRetries });
const reboot = 'reboot';
const redeploys = (n: number) => Array.from({ length: n }, (_, k) => `redeploy ${k + 1}`);

const attemptCases: { name: string; policy: RecoveryPolicySpec; attempts: string[] }[] = [
  { name: 'IMPL-2 REBOOT_ONLY reboots once', policy: policy('REBOOT_ONLY', 3), attempts: [reboot] },
  { name: 'IMPL-2 REBOOT_ONLY with max_retries 0 still reboots once', policy: policy('REBOOT_ONLY', 0), attempts: [reboot] },
  { name: 'IMPL-2 REDEPLOY_ONLY redeploys max_retries times', policy: policy('REDEPLOY_ONLY', 3), attempts: redeploys(3) },
  { name: 'IMPL-2 REDEPLOY_ONLY with max_retries 1 redeploys once', policy: policy('REDEPLOY_ONLY', 1), attempts: redeploys(1) },
  { name: 'IMPL-2 REDEPLOY_ONLY with max_retries 0 still redeploys once', policy: policy('REDEPLOY_ONLY', 0), attempts: redeploys(1) },
  { name: 'IMPL-2 REBOOT_THEN_REDEPLOY reboots, then redeploys max_retries times', policy: policy('REBOOT_THEN_REDEPLOY', 2), attempts: [reboot, ...redeploys(2)] },
  { name: 'IMPL-2 REBOOT_THEN_REDEPLOY with max_retries 0 reboots, then redeploys once', policy: policy('REBOOT_THEN_REDEPLOY', 0), attempts: [reboot, ...redeploys(1)] },
  { name: 'IMPL-2 the default policy reboots, then redeploys 3 times', policy: defaultRecoveryPolicy, attempts: [reboot, ...redeploys(3)] },
  { name: 'IMPL-2 action_on_recovery is read case-insensitively', policy: policy('redeploy_only', 2), attempts: redeploys(2) },
];

for (const c of attemptCases) {
  test(c.name, () => {
    const attempts = recoveryAttempts(c.policy).map((a) => (a.kind === 'reboot' ? reboot : `redeploy ${a.attempt}`));
    assert.deepEqual(attempts, c.attempts);
  });
}

const autoCases: { name: string; policy?: RecoveryPolicySpec; state: ServiceState; auto: boolean; act: AutomaticRecovery['act'] }[] = [
  { name: 'IMPL-2 AUTO recovers an active service', policy: policy('REBOOT_ONLY', 1, 'AUTO'), state: 'SERVICE_ACTIVE_STATE', auto: true, act: 'recover' },
  { name: 'IMPL-2 AUTO recovers while the service deploys', policy: policy('REBOOT_ONLY', 1, 'AUTO'), state: 'SERVICE_DEPLOYING_STATE', auto: true, act: 'recover' },
  { name: 'IMPL-2 AUTO recovers while the service updates', policy: policy('REBOOT_ONLY', 1, 'AUTO'), state: 'SERVICE_UPDATING_STATE', auto: true, act: 'recover' },
  { name: 'IMPL-2 recovery_type is read case-insensitively', policy: policy('REBOOT_ONLY', 1, 'auto'), state: 'SERVICE_ACTIVE_STATE', auto: true, act: 'recover' },
  { name: 'IMPL-2 no recovery_policy means the default, AUTO', state: 'SERVICE_ACTIVE_STATE', auto: true, act: 'recover' },
  { name: 'IMPL-2 MANUAL waits for an operator', policy: policy('REBOOT_ONLY', 1, 'MANUAL'), state: 'SERVICE_ACTIVE_STATE', auto: false, act: 'announce' },
  { name: 'OPS-3 MANUAL while the service is stopped: refused, not announced', policy: policy('REBOOT_ONLY', 1, 'MANUAL'), state: 'SERVICE_STOPPED_STATE', auto: false, act: 'refuse' },
  { name: 'OPS-3 no recovery while the service is stopped', policy: policy('REBOOT_ONLY', 1, 'AUTO'), state: 'SERVICE_STOPPED_STATE', auto: false, act: 'refuse' },
  { name: 'IMPL-2 no recovery while the service is stopping', policy: policy('REBOOT_ONLY', 1, 'AUTO'), state: 'SERVICE_STOPPING_STATE', auto: false, act: 'refuse' },
  { name: 'IMPL-2 no recovery while the service is undeploying', policy: policy('REBOOT_ONLY', 1, 'AUTO'), state: 'SERVICE_UNDEPLOYING_STATE', auto: false, act: 'refuse' },
  { name: 'IMPL-2 no recovery while the service reboots', policy: policy('REBOOT_ONLY', 1, 'AUTO'), state: 'SERVICE_REBOOTING_STATE', auto: false, act: 'refuse' },
];

for (const c of autoCases) {
  test(c.name, () => {
    assert.equal(recoversAutomatically(c.state, group(c.policy)), c.auto);
    // After VM_ALIVE (IMPL-2): MANUAL announces, a state without recovery refuses (logged, no event).
    assert.equal(automaticRecovery(c.state, group(c.policy)).act, c.act);
  });
}

const decisionCases: { name: string; service: ServiceState; vm: VmState; next?: VmState; reason?: RegExp }[] = [
  { name: 'IMPL-2 recovery of an alive VM of an active service', service: 'SERVICE_ACTIVE_STATE', vm: 'VM_ALIVE_STATE', next: 'VM_REBOOTING_STATE' },
  { name: 'IMPL-2 recovery of an error VM of a service in error', service: 'SERVICE_ERROR_STATE', vm: 'VM_ERROR_STATE', next: 'VM_REBOOTING_STATE' },
  { name: 'IMPL-2 recovery of an inert VM', service: 'SERVICE_ACTIVE_STATE', vm: 'VM_INERT_STATE', next: 'VM_REBOOTING_STATE' },
  { name: 'OPS-3 recovery refused while the service is stopped', service: 'SERVICE_STOPPED_STATE', vm: 'VM_ERROR_STATE', reason: /while the service is stopped \(OPS-3\)/ },
  { name: 'IMPL-2 recovery refused while an update runs', service: 'SERVICE_UPDATING_STATE', vm: 'VM_ALIVE_STATE', reason: /an update is running/ },
  { name: 'IMPL-2 recovery refused while a deploy runs', service: 'SERVICE_DEPLOYING_STATE', vm: 'VM_ERROR_STATE', reason: /a deploy is running/ },
  { name: 'IMPL-2 recovery refused while an undeploy runs', service: 'SERVICE_UNDEPLOYING_STATE', vm: 'VM_ALIVE_STATE', reason: /an undeploy is running/ },
  { name: 'IMPL-2 recovery refused on a stopped VM', service: 'SERVICE_ACTIVE_STATE', vm: 'VM_SHUTOFF_STATE', reason: /not VM_SHUTOFF_STATE \(IMPL-2\)/ },
  { name: 'IMPL-2 recovery refused on a VM already recovering', service: 'SERVICE_ACTIVE_STATE', vm: 'VM_REBOOTING_STATE', reason: /not VM_REBOOTING_STATE/ },
];

for (const c of decisionCases) {
  test(c.name, () => {
    const d = recoveryDecision(c.service, c.vm);
    if (c.next) assert.deepEqual(d, { allowed: true, next: c.next });
    else {
      assert.equal(d.allowed, false);
      assert.match((d as { reason: string }).reason, c.reason!);
    }
  });
}

test('IMPL-2 a group without recovery_policy takes the default one', () => {
  assert.deepEqual(recoveryPolicyOf(group()), defaultRecoveryPolicy);
  const own = policy('REBOOT_ONLY', 7, 'MANUAL');
  assert.equal(recoveryPolicyOf(group(own)), own);
});
