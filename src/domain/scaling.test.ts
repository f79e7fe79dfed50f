import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Vm } from './entities.ts';
import { scaleDecision, type ScaleDecision, type ScaleDirection } from './scaling.ts';
import type { ServiceState, VmState } from './states.ts';

const vm = (id: string, index: number, state: VmState = 'VM_ALIVE_STATE'): Pick<Vm, 'id' | 'index' | 'state'> => ({ id, index, state });
const two = [vm('a', 0), vm('b', 1)];

const cases: {
  name: string;
  state?: ServiceState;
  scaling?: { minActive: number; maxActive: number; elastic: boolean };
  vms?: Pick<Vm, 'id' | 'index' | 'state'>[];
  direction: ScaleDirection;
  expect: ScaleDecision | RegExp;
}[] = [
  { name: 'COMP-4 scale-out below max_active', direction: 'out', expect: { allowed: true } },
  { name: 'COMP-4 scale-out at max_active is refused', vms: [...two, vm('c', 2)], direction: 'out', expect: /has 3 VMs, its max_active is 3/ },
  { name: 'COMP-4 scale-in takes the highest index', vms: [vm('a', 0), vm('c', 5), vm('b', 1)], direction: 'in', expect: { allowed: true, remove: 'c' } },
  { name: 'COMP-4 scale-in at min_active is refused', vms: [vm('a', 0)], direction: 'in', expect: /has 1 VMs, its min_active is 1/ },
  {
    name: 'COMP-4 a VM already being scaled in does not count, nor is it taken again',
    vms: [vm('a', 0), vm('b', 1), vm('c', 2, 'VM_UNDEPLOYING_STATE')],
    direction: 'in',
    expect: { allowed: true, remove: 'b' },
  },
  { name: 'COMP-4 a VM being scaled in leaves room for a scale-out', vms: [...two, vm('c', 2, 'VM_UNDEPLOYING_STATE')], direction: 'out', expect: { allowed: true } },
  { name: 'COMP-4 a group that is not elastic is not scaled', scaling: { minActive: 1, maxActive: 3, elastic: false }, direction: 'out', expect: /not elastic/ },
  { name: 'OPS-3 scale-out refused while stopped', state: 'SERVICE_STOPPED_STATE', direction: 'out', expect: /stopped \(OPS-3\)/ },
  { name: 'OPS-3 scale-in refused while stopped', state: 'SERVICE_STOPPED_STATE', direction: 'in', expect: /stopped \(OPS-3\)/ },
  { name: 'scale-out refused while an update runs', state: 'SERVICE_UPDATING_STATE', direction: 'out', expect: /an update is running/ },
  { name: 'OPS-4 scale-in refused while a reboot runs', state: 'SERVICE_REBOOTING_STATE', direction: 'in', expect: /a reboot is running/ },
  { name: 'scale-out refused during the deploy', state: 'SERVICE_DEPLOYING_STATE', direction: 'out', expect: /a deploy is running/ },
  { name: 'scale-out refused on a service in error', state: 'SERVICE_ERROR_STATE', direction: 'out', expect: /not allowed in SERVICE_ERROR_STATE/ },
];

for (const c of cases) {
  test(c.name, () => {
    const d = scaleDecision({
      serviceState: c.state ?? 'SERVICE_ACTIVE_STATE',
      group: { scaling: { staticIpAddressPools: [], ...(c.scaling ?? { minActive: 1, maxActive: 3, elastic: true }) } },
      vms: c.vms ?? two,
      direction: c.direction,
    });
    if (c.expect instanceof RegExp) {
      assert.equal(d.allowed, false);
      assert.match((d as { reason: string }).reason, c.expect);
    } else assert.deepEqual(d, c.expect);
  });
}
