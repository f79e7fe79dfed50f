/**
 * VM recovery (IMPL-2) on the real OpenStack driver over the emulator: a built VM whose guest does
 * not come alive within bootup_time is recovered by its group's policy where the rules allow it —
 * the attempts in order, their events, and what a redeploy keeps (ports, volumes) and replaces (the
 * server) — or reported VM_ALIVE FAILURE where they do not (recovery_type MANUAL, a stopped service).
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { GuestControl } from '../../../emulator/guest/guest.ts';
import type { RecoveryPolicySpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { ServiceState, VmState } from '../../domain/states.ts';
import { builtVm, op, vmGroup } from '../testing/one-vm.ts';
import { openVimWorld, type VimWorld } from '../testing/vim-world.ts';
import { becomeAlive } from './alive.ts';

/** The parts of the emulator's state these tests read. */
interface CloudDump {
  servers: { id: string }[];
  ports: { id: string; device_id: string }[];
  volumes: { id: string; attachments: { serverId: string }[] }[];
}

let world: VimWorld;
afterEach(() => world.dispose());

const cases: {
  name: string;
  policy: RecoveryPolicySpec;
  service?: ServiceState;
  /** What the guest does from now on: of this server only, or of every server with the VM's name. */
  guest: (vm: Vm) => GuestControl;
  events: string[];
  error?: RegExp;
  state: VmState;
  serverReplaced: boolean;
}[] = [
  {
    name: 'IMPL-2 recovery_type MANUAL: no recovery, VM_ALIVE FAILURE and the VM in error',
    policy: { actionOnRecovery: 'REBOOT_THEN_REDEPLOY', recoveryType: 'MANUAL', maxRetries: 3 },
    guest: (vm) => ({ serverId: vm.serverId!, mode: 'stops-answering' }),
    events: ['VM_ALIVE FAILURE'],
    error: /no liveness within bootup_time 10 s$/,
    state: 'VM_ERROR_STATE',
    serverReplaced: false,
  },
  {
    name: 'IMPL-2 OPS-3 no recovery while the service is stopped: VM_ALIVE FAILURE',
    policy: { actionOnRecovery: 'REBOOT_THEN_REDEPLOY', recoveryType: 'AUTO', maxRetries: 3 },
    service: 'SERVICE_STOPPED_STATE',
    guest: (vm) => ({ serverId: vm.serverId!, mode: 'stops-answering' }),
    events: ['VM_ALIVE FAILURE'],
    error: /no liveness within bootup_time 10 s$/,
    state: 'VM_ERROR_STATE',
    serverReplaced: false,
  },
  {
    name: 'IMPL-2 REBOOT_ONLY: a hard reboot brings the guest back',
    policy: { actionOnRecovery: 'REBOOT_ONLY', recoveryType: 'AUTO', maxRetries: 3 },
    guest: (vm) => ({ serverId: vm.serverId!, mode: 'stops-answering' }),
    events: ['VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_REBOOT SUCCESS', 'VM_RECOVERY_COMPLETE SUCCESS', 'VM_ALIVE SUCCESS'],
    state: 'VM_ALIVE_STATE',
    serverReplaced: false,
  },
  {
    name: 'IMPL-2 REBOOT_THEN_REDEPLOY: the reboot does not help, a redeploy on the same ports and volumes does',
    policy: { actionOnRecovery: 'REBOOT_THEN_REDEPLOY', recoveryType: 'AUTO', maxRetries: 3 },
    guest: (vm) => ({ serverId: vm.serverId!, mode: 'never-boots' }),
    events: [
      'VM_RECOVERY_INIT SUCCESS',
      'VM_RECOVERY_REBOOT SUCCESS',
      'VM_RECOVERY_UNDEPLOYED SUCCESS',
      'VM_RECOVERY_DEPLOYED SUCCESS',
      'VM_RECOVERY_COMPLETE SUCCESS',
      'VM_ALIVE SUCCESS',
    ],
    state: 'VM_ALIVE_STATE',
    serverReplaced: true,
  },
  {
    name: 'IMPL-2 every attempt fails: VM_RECOVERY_COMPLETE FAILURE and the error, the VM in error',
    policy: { actionOnRecovery: 'REBOOT_THEN_REDEPLOY', recoveryType: 'AUTO', maxRetries: 2 },
    guest: (vm) => ({ serverName: vm.vimName, mode: 'never-boots' }),
    events: [
      'VM_RECOVERY_INIT SUCCESS',
      'VM_RECOVERY_REBOOT SUCCESS',
      'VM_RECOVERY_UNDEPLOYED SUCCESS',
      'VM_RECOVERY_DEPLOYED SUCCESS',
      'VM_RECOVERY_UNDEPLOYED SUCCESS',
      'VM_RECOVERY_DEPLOYED SUCCESS',
      'VM_RECOVERY_COMPLETE FAILURE',
    ],
    error: /^Recovery: failed to recover VM \[.+\] \(REBOOT_THEN_REDEPLOY\): no liveness within bootup_time 10 s$/,
    state: 'VM_ERROR_STATE',
    serverReplaced: true,
  },
];

for (const c of cases) {
  test(c.name, async () => {
    world = await openVimWorld();
    const { t, vm, refs } = await builtVm(world, vmGroup({ recoveryPolicy: c.policy }));
    if (c.service) t.deployment.state = c.service;
    const before = { serverId: vm.serverId, portId: vm.interfaces[0]!.portId, volumeId: vm.volumes[0]!.volumeId };
    world.vim.emulator.admin.setGuest(c.guest(vm));
    const o = await op(world, 'op-2');
    const group = t.deployment.spec.vmGroups[0]!;
    const alive = becomeAlive(world.context(o), world.engineDeps(), t, vm, group, { key: `vm:${vm.id}:alive`, message: 'VM_Alive event received', recovery: { refs } });
    if (c.error) await assert.rejects(world.runOut(alive), { message: c.error });
    else await world.runOut(alive);

    assert.deepEqual(await world.events(o.id), c.events);
    if (c.error) assert.match((await world.temp.store.listEvents({ operationId: o.id })).at(-1)!.statusMessage, c.error);
    const stored = (await world.temp.store.getVm(vm.id))!;
    assert.equal(stored.state, c.state);
    assert.equal(stored.serverId !== before.serverId, c.serverReplaced);
    assert.deepEqual([stored.interfaces[0]?.portId, stored.volumes[0]?.volumeId], [before.portId, before.volumeId]);
    const dump = world.vim.emulator.admin.dump() as unknown as CloudDump;
    assert.deepEqual(dump.servers.map((s) => s.id), [stored.serverId]);
    assert.deepEqual(dump.ports.map((p) => [p.id, p.device_id]), [[before.portId, stored.serverId]]);
    assert.deepEqual(dump.volumes.map((v) => [v.id, v.attachments.map((a) => a.serverId)]), [[before.volumeId, [stored.serverId]]]);
  });
}
