import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Vm } from './entities.ts';
import { minActiveRefusal } from './min-active.ts';
import type { ServiceAction } from './operation.ts';
import type { VmState } from './states.ts';

const self = { id: 'v1', name: 'dep_g1_0_v1', group: 'g1' };
const peer = (id: string, state: VmState): Pick<Vm, 'id' | 'state'> => ({ id, state });
const alive = (id: string) => peer(id, 'VM_ALIVE_STATE');
const refused = /^VM \[dep_g1_0_v1\] refused: vm_group \[g1\] would fall below its min_active (\d+); use force=true to act anyway \(VMOP-2\)$/;

const cases: {
  name: string;
  action: ServiceAction;
  force?: boolean;
  minActive: number | undefined;
  peers: Pick<Vm, 'id' | 'state'>[];
  refusedAt?: number;
}[] = [
  { name: 'VMOP-2 stop leaving another VM alive at min_active 1 goes ahead', action: 'stop', minActive: 1, peers: [alive('v1'), alive('v2')] },
  { name: 'VMOP-2 reboot leaving min_active VMs alive goes ahead', action: 'reboot', minActive: 2, peers: [alive('v1'), alive('v2'), alive('v3')] },
  { name: 'VMOP-2 stop of the only alive VM is refused', action: 'stop', minActive: 1, peers: [alive('v1')], refusedAt: 1 },
  { name: 'VMOP-2 reboot one short of min_active is refused', action: 'reboot', minActive: 2, peers: [alive('v1'), alive('v2')], refusedAt: 2 },
  {
    name: 'VMOP-2 peers that are not alive do not count',
    action: 'stop',
    minActive: 1,
    peers: [alive('v1'), peer('v2', 'VM_SHUTOFF_STATE'), peer('v3', 'VM_ERROR_STATE'), peer('v4', 'VM_REBOOTING_STATE')],
    refusedAt: 1,
  },
  { name: 'VMOP-2 the VM itself is not counted even when listed twice', action: 'stop', minActive: 1, peers: [alive('v1'), alive('v1')], refusedAt: 1 },
  { name: 'VMOP-2 force=true acts below min_active', action: 'stop', force: true, minActive: 3, peers: [alive('v1')] },
  { name: 'VMOP-2 force=true reboots below min_active', action: 'reboot', force: true, minActive: 3, peers: [] },
  { name: 'VMOP-2 start does not count against min_active', action: 'start', minActive: 3, peers: [peer('v1', 'VM_SHUTOFF_STATE')] },
  { name: 'VMOP-2 enableMonitor does not count against min_active', action: 'enableMonitor', minActive: 3, peers: [] },
  { name: 'VMOP-2 disableMonitor does not count against min_active', action: 'disableMonitor', minActive: 3, peers: [] },
  { name: 'VMOP-2 min_active 0 lets the last VM stop', action: 'stop', minActive: 0, peers: [alive('v1')] },
  { name: 'VMOP-2 a group missing from the spec refuses nothing', action: 'stop', minActive: undefined, peers: [alive('v1')] },
];

for (const c of cases) {
  test(c.name, () => {
    const group = c.minActive === undefined ? undefined : { scaling: { minActive: c.minActive, maxActive: 5, elastic: true, staticIpAddressPools: [] } };
    const why = minActiveRefusal({ action: c.action, force: c.force ?? false, vm: self }, group, c.peers);
    if (c.refusedAt === undefined) assert.equal(why, undefined);
    else {
      assert.equal(why?.code, 'REFUSED_IN_STATE');
      assert.equal(why?.requirement, 'VMOP-2');
      assert.equal(why?.message.match(refused)?.[1], String(c.refusedAt));
    }
  });
}
