import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DependencySpec } from './deployment-spec.ts';
import type { VmState } from './states.ts';
import { groupsBefore, vmOrderOf, vmsActedOn, type OrderedOperation, type VmOrder } from './vm-order.ts';

const orders: [OrderedOperation, VmOrder][] = [
  ['deploy', 'dependencies'],
  ['start', 'dependencies'],
  ['reboot', 'dependencies'],
  ['enableMonitor', 'dependencies'],
  ['disableMonitor', 'dependencies'],
  ['stop', 'dependants-first'],
  ['undeploy', 'dependants-first'],
];
for (const [op, order] of orders) {
  test(`COMP-1 ${op} acts on VMs in ${order} order`, () => {
    assert.equal(vmOrderOf(op), order);
  });
}

/** web depends on app and cache, app on db: db → app → web, cache → web. */
const dependencies: DependencySpec[] = [
  { target: 'app', dependsOn: [{ group: 'db' }] },
  { target: 'web', dependsOn: [{ group: 'app', kpiEvent: 'VM_ALIVE' }, { group: 'cache' }] },
];
const policies = { policies: { dependencies, placement: [] } };

const before: { name: string; group: string; order: VmOrder; expected: string[] }[] = [
  { name: 'COMP-1 the head of the chain waits for nothing', group: 'db', order: 'dependencies', expected: [] },
  { name: 'COMP-1 a group waits for the group it depends on', group: 'app', order: 'dependencies', expected: ['db'] },
  { name: 'COMP-1 a group waits for every group it depends on', group: 'web', order: 'dependencies', expected: ['app', 'cache'] },
  { name: 'OPS-3 stop: the end of the chain goes first', group: 'web', order: 'dependants-first', expected: [] },
  { name: 'OPS-3 stop: a group waits for its dependants', group: 'app', order: 'dependants-first', expected: ['web'] },
  { name: 'OPS-3 stop: the head of the chain goes last', group: 'db', order: 'dependants-first', expected: ['app'] },
  { name: 'OPS-3 stop: a leaf dependency waits for its dependant', group: 'cache', order: 'dependants-first', expected: ['web'] },
  { name: 'a group outside every dependency waits for nothing', group: 'lonely', order: 'dependencies', expected: [] },
];
for (const c of before) {
  test(c.name, () => {
    assert.deepEqual(groupsBefore(policies, c.group, c.order), c.expected);
  });
}

const states: VmState[] = ['VM_ALIVE_STATE', 'VM_SHUTOFF_STATE', 'VM_ERROR_STATE', 'VM_SHUTOFF_STATE'];
const vms = states.map((state, i) => ({ id: `v${i}`, state }));
const acted: { op: OrderedOperation; expected: string[] }[] = [
  { op: 'stop', expected: ['v0', 'v2'] },
  { op: 'start', expected: ['v0', 'v1', 'v2', 'v3'] },
  { op: 'reboot', expected: ['v0', 'v1', 'v2', 'v3'] },
  { op: 'undeploy', expected: ['v0', 'v1', 'v2', 'v3'] },
];
for (const c of acted) {
  test(`OPS-3 ${c.op} acts on ${c.expected.join(', ')}${c.op === 'stop' ? ' (SHUTOFF VMs are skipped)' : ''}`, () => {
    assert.deepEqual(vmsActedOn(c.op, vms).map((v) => v.id), c.expected);
  });
}
