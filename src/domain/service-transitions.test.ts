import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceDecision, serviceOperations, serviceTransitions } from './service-transitions.ts';
import { serviceStates, type ServiceState } from './states.ts';
import type { ServiceOperation } from './service-transitions.ts';

const cases: { name: string; state: ServiceState; op: ServiceOperation; next?: ServiceState; reason?: RegExp }[] = [
  { name: 'deploy from nothing', state: 'SERVICE_UNDEF_STATE', op: 'deploy', next: 'SERVICE_DEPLOYING_STATE' },
  { name: 'OPS-2 undeploy interrupts a start', state: 'SERVICE_STARTING_STATE', op: 'undeploy', next: 'SERVICE_UNDEPLOYING_STATE' },
  { name: 'OPS-2 stop refused during a start', state: 'SERVICE_STARTING_STATE', op: 'stop', reason: /a start is running.*only an undeploy/ },
  { name: 'OPS-4 update refused during a reboot', state: 'SERVICE_REBOOTING_STATE', op: 'update', reason: /a reboot is running.*OPS-4/ },
  { name: 'OPS-4 undeploy interrupts a reboot', state: 'SERVICE_REBOOTING_STATE', op: 'undeploy', next: 'SERVICE_UNDEPLOYING_STATE' },
  { name: 'OPS-3 recovery refused while stopped', state: 'SERVICE_STOPPED_STATE', op: 'recovery', reason: /stopped \(OPS-3\)/ },
  { name: 'OPS-3 scale-out refused while stopped', state: 'SERVICE_STOPPED_STATE', op: 'scaleOut', reason: /OPS-3/ },
  { name: 'OPS-3 scale-in refused while stopped', state: 'SERVICE_STOPPED_STATE', op: 'scaleIn', reason: /OPS-3/ },
  { name: 'OPS-3 undeploy allowed while stopped', state: 'SERVICE_STOPPED_STATE', op: 'undeploy', next: 'SERVICE_UNDEPLOYING_STATE' },
  { name: 'OPS-3 start allowed while stopped', state: 'SERVICE_STOPPED_STATE', op: 'start', next: 'SERVICE_STARTING_STATE' },
  { name: 'OPS-5 start refused on a running service', state: 'SERVICE_ACTIVE_STATE', op: 'start', reason: /already running \(OPS-5\)/ },
  { name: 'update of an active service', state: 'SERVICE_ACTIVE_STATE', op: 'update', next: 'SERVICE_UPDATING_STATE' },
  { name: 'a second undeploy is refused', state: 'SERVICE_UNDEPLOYING_STATE', op: 'undeploy', reason: /an undeploy is running/ },
  { name: 'update refused during a deploy', state: 'SERVICE_DEPLOYING_STATE', op: 'update', reason: /a deploy is running/ },
  { name: 'undeploy during a deploy', state: 'SERVICE_DEPLOYING_STATE', op: 'undeploy', next: 'SERVICE_UNDEPLOYING_STATE' },
  { name: 'an errored service can be updated', state: 'SERVICE_ERROR_STATE', op: 'update', next: 'SERVICE_UPDATING_STATE' },
];

for (const c of cases) {
  test(c.name, () => {
    const d = serviceDecision(c.state, c.op);
    if (c.next) assert.deepEqual(d, { allowed: true, next: c.next });
    else {
      assert.equal(d.allowed, false);
      assert.match((d as { reason: string }).reason, c.reason!);
    }
  });
}

test('every state has a row and every refusal a reason', () => {
  for (const state of serviceStates) {
    assert.ok(state in serviceTransitions, state);
    for (const op of serviceOperations) {
      const d = serviceDecision(state, op);
      if (!d.allowed) assert.ok(d.reason.length > 10, `${state} × ${op}`);
    }
  }
});

test('undeploy is allowed from every state but undeploying and undefined', () => {
  for (const state of serviceStates) {
    const allowed = serviceDecision(state, 'undeploy').allowed;
    assert.equal(allowed, state !== 'SERVICE_UNDEPLOYING_STATE' && state !== 'SERVICE_UNDEF_STATE', state);
  }
});
