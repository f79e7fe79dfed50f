import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vmDecision, vmOperations } from './vm-transitions.ts';
import { vmStates, type VmState } from './states.ts';
import type { VmOperation } from './vm-transitions.ts';

const cases: { name: string; state: VmState; op: VmOperation; force?: boolean; next?: VmState; reason?: RegExp }[] = [
  { name: 'stop an alive VM', state: 'VM_ALIVE_STATE', op: 'stop', next: 'VM_STOPPING_STATE' },
  { name: 'start a stopped VM', state: 'VM_SHUTOFF_STATE', op: 'start', next: 'VM_STARTING_STATE' },
  { name: 'start a running VM is refused', state: 'VM_ALIVE_STATE', op: 'start', reason: /already running/ },
  { name: 'VMOP-2 reboot of a rebooting VM refused unless forced', state: 'VM_REBOOTING_STATE', op: 'reboot', reason: /unless forced \(VMOP-2\)/ },
  { name: 'VMOP-2 forced reboot of a rebooting VM', state: 'VM_REBOOTING_STATE', op: 'reboot', force: true, next: 'VM_REBOOTING_STATE' },
  { name: 'VMOP-2 forced stop of a VM that does not answer', state: 'VM_INERT_STATE', op: 'stop', force: true, next: 'VM_STOPPING_STATE' },
  { name: 'nothing acts on an undeploying VM, even forced', state: 'VM_UNDEPLOYING_STATE', op: 'stop', force: true, reason: /not allowed/ },
  { name: 'SNAP-3 snapshot of a stopped VM', state: 'VM_SHUTOFF_STATE', op: 'snapshot', next: 'VM_SHUTOFF_STATE' },
  { name: 'IMPL-2 recovery of an error VM', state: 'VM_ERROR_STATE', op: 'recovery', next: 'VM_REBOOTING_STATE' },
  { name: 'IMPL-2 recovery refused on a stopped VM', state: 'VM_SHUTOFF_STATE', op: 'recovery', reason: /alive, in error or inert, not VM_SHUTOFF_STATE \(IMPL-2\)/ },
  { name: 'IMPL-2 recovery refused on a VM whose monitoring is off', state: 'VM_MONITOR_DISABLED_STATE', op: 'recovery', reason: /IMPL-2/ },
  { name: 'SNAP-3 snapshot refused on an error VM', state: 'VM_ERROR_STATE', op: 'snapshot', reason: /SNAP-3/ },
  { name: 'SNAP-3 snapshot of an alive VM keeps it alive', state: 'VM_ALIVE_STATE', op: 'snapshot', next: 'VM_ALIVE_STATE' },
  { name: 'SNAP-3 snapshot refused while monitoring is disabled', state: 'VM_MONITOR_DISABLED_STATE', op: 'snapshot', reason: /SNAP-3/ },
  { name: 'SNAP-3 snapshot refused while monitoring is unset', state: 'VM_MONITOR_UNSET_STATE', op: 'snapshot', reason: /SNAP-3/ },
];

for (const c of cases) {
  test(c.name, () => {
    const d = vmDecision(c.state, c.op, { force: c.force });
    if (c.next) assert.deepEqual(d, { allowed: true, next: c.next });
    else {
      assert.equal(d.allowed, false);
      assert.match((d as { reason: string }).reason, c.reason!);
    }
  });
}

test('SNAP-3 a snapshot is allowed from VM_ALIVE_STATE and VM_SHUTOFF_STATE only', () => {
  assert.deepEqual(
    vmStates.filter((s) => vmDecision(s, 'snapshot').allowed),
    ['VM_SHUTOFF_STATE', 'VM_ALIVE_STATE'],
  );
});

test('every VM state × operation decides, with a reason when refused', () => {
  for (const state of vmStates)
    for (const op of vmOperations)
      for (const force of [false, true]) {
        const d = vmDecision(state, op, { force });
        if (!d.allowed) assert.ok(d.reason.length > 10);
      }
});

test('IMPL-2 a recovery is allowed from VM_ALIVE_STATE, VM_ERROR_STATE and VM_INERT_STATE only, forced or not', () => {
  for (const force of [false, true]) {
    const allowed = vmStates.filter((state) => vmDecision(state, 'recovery', { force }).allowed);
    assert.deepEqual(allowed.sort(), ['VM_ALIVE_STATE', 'VM_ERROR_STATE', 'VM_INERT_STATE']);
  }
});
