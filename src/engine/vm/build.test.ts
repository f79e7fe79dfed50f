/**
 * Building one VM (IMPL-1) as durable steps on the real OpenStack driver over the emulator, on the
 * fake clock: the steps, the OpenStack calls and the events in order; a replay after a crash at
 * each step makes nothing twice (IMPL-4, tagged lookup); each failure point reports VM_DEPLOYED or
 * VM_ALIVE FAILURE with the VIM's reason, and a guest that never comes alive goes to recovery by
 * the group's policy (IMPL-2).
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { FaultRule } from '../../../emulator/faults/rules.ts';
import type { GuestMode } from '../../../emulator/state/model.ts';
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { VmState } from '../../domain/states.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { op, placeVm, reloaded, vmGroup, type OneVm } from '../testing/one-vm.ts';
import { openVimWorld, type VimWorld } from '../testing/vim-world.ts';
import { buildVms } from './build.ts';

let world: VimWorld;
afterEach(() => world.dispose());

const stepSuffixes = ['port:0', 'volume:data', 'server', 'active', 'alive'];
const creates = { ports: { method: 'POST', path: 'ports' }, volumes: { method: 'POST', path: 'volumes' }, servers: { method: 'POST', path: 'servers' } };

async function stepsOf(opId: string, vmId: string): Promise<string[]> {
  return (await world.temp.store.getSteps(opId)).map((s) => s.name.replace(`vm:${vmId}:`, ''));
}

function build({ t, vm, refs }: OneVm, ctx: StepContext): Promise<void> {
  return world.runOut(buildVms(ctx, world.engineDeps(), t, [vm], refs));
}

test('IMPL-1 a VM is built as the steps port, volume, server, active, alive, then VM_DEPLOYED and VM_ALIVE', async () => {
  world = await openVimWorld();
  const placed = await placeVm(world);
  const o = await op(world, 'op-1');
  await build(placed, world.context(o));
  const { vm } = placed;
  assert.deepEqual(await stepsOf(o.id, vm.id), stepSuffixes);
  assert.deepEqual(world.vim.calls.list().map((c) => `${c.service} ${c.method} ${c.path}`), [
    'network POST ports',
    'volume POST volumes',
    'volume GET volumes/detail',
    'compute POST servers',
    // the liveness check runs at once on the server this ACTIVE read returned (issue 14): no second read
    'compute GET servers/detail',
  ]);
  assert.deepEqual(await world.events(o.id), ['VM_DEPLOYED SUCCESS', 'VM_ALIVE SUCCESS']);
  const stored = (await world.temp.store.getVm(vm.id))!;
  assert.equal(stored.state, 'VM_ALIVE_STATE');
  assert.equal(stored.monitoring, true);
  assert.ok(stored.serverId && stored.interfaces[0]?.portId && stored.interfaces[0].ipAddress && stored.volumes[0]?.volumeId);
});

for (const step of stepSuffixes)
  for (const recorded of [false, true])
    test(`IMPL-4 a replay after a crash at ${step} (${recorded ? 'recorded' : 'done, not recorded'}) makes no second port, volume or server`, async () => {
      world = await openVimWorld();
      const placed = await placeVm(world);
      const o = await op(world, 'op-1');
      const crashAt = { step: `vm:${placed.vm.id}:${step}`, recorded };
      await assert.rejects(build(placed, world.context(o, { crashAt })), /crashed at/);

      const replay = world.context({ ...o, resumes: 1 }, { recorded: await world.temp.store.getSteps(o.id) });
      const t = await reloaded(world, placed.t);
      await build({ ...placed, t, vm: t.vms[0]! }, replay);

      assert.deepEqual(await stepsOf(o.id, placed.vm.id), stepSuffixes);
      assert.deepEqual(await world.events(o.id), ['VM_DEPLOYED SUCCESS', 'VM_ALIVE SUCCESS']);
      for (const made of Object.values(creates)) assert.equal(world.vim.calls.count(made), 1, `${made.method} ${made.path}`);
      const dump = world.vim.emulator.admin.dump();
      assert.deepEqual([dump.ports.length, dump.volumes.length, dump.servers.length], [1, 1, 1]);
    });

const failures: {
  name: string;
  faults?: FaultRule[];
  group?: Partial<VmGroupSpec>;
  config?: Record<string, string>;
  /** How the guest of the VM's server behaves (by server name, so also after a redeploy). */
  guest?: GuestMode;
  /** The error the build ends with. */
  error: RegExp;
  /** The status message of the last event. */
  reported: RegExp;
  steps: string[];
  events: string[];
  state: VmState;
  /** Servers left on the VIM. */
  servers: number;
}[] = [
  {
    name: 'IMPL-1 a port Neutron refuses: VM_DEPLOYED FAILURE with its reason, no volume or server made',
    faults: [{ match: { action: 'port.create' }, status: 400, message: 'Invalid input for operation: IP address 10.9.9.9 is not a valid IP for the subnet' }],
    error: /not a valid IP for the subnet/,
    reported: /^OpenStack Driver: VM creation failed, VM Name: \[.+\]: .*not a valid IP for the subnet/,
    steps: [],
    events: ['VM_DEPLOYED FAILURE'],
    state: 'VM_ERROR_STATE',
    servers: 0,
  },
  {
    name: 'IMPL-1 a volume that goes to error: VM_DEPLOYED FAILURE, no server made',
    faults: [{ fail: { resource: 'volume' } }],
    error: /^volume data \(.+\) went to error$/,
    reported: /VM creation failed.*volume data \(.+\) went to error$/,
    steps: ['port:0'],
    events: ['VM_DEPLOYED FAILURE'],
    state: 'VM_ERROR_STATE',
    servers: 0,
  },
  {
    name: 'IMPL-1 a server that goes to ERROR: VM_DEPLOYED FAILURE with Nova\u2019s fault',
    faults: [{ fail: { resource: 'server' } }],
    error: /^server .+ went to ERROR: No valid host was found/,
    reported: /VM creation failed.*went to ERROR: No valid host was found/,
    steps: ['port:0', 'volume:data', 'server'],
    events: ['VM_DEPLOYED FAILURE'],
    state: 'VM_ERROR_STATE',
    servers: 1,
  },
  {
    name: 'IMPL-1 a server never ACTIVE: VM_DEPLOYED FAILURE, a TIMEOUT naming its setting',
    faults: [{ stuck: { resource: 'server', status: 'BUILD' } }],
    config: { 'vim.asyncpoller.server.create.timeout.mins': '1' },
    error: /^timed out waiting for server .+ to become ACTIVE \(vim\.asyncpoller\.server\.create\.timeout\.mins=1\)$/,
    reported: /VM creation failed.*timed out waiting .+\(vim\.asyncpoller\.server\.create\.timeout\.mins=1\)$/,
    steps: ['port:0', 'volume:data', 'server'],
    events: ['VM_DEPLOYED FAILURE'],
    state: 'VM_ERROR_STATE',
    servers: 1,
  },
  {
    name: 'IMPL-2 a guest never alive: recovery by the group\u2019s policy (REBOOT_ONLY: a hard reboot, which fails too)',
    group: { recoveryPolicy: { actionOnRecovery: 'REBOOT_ONLY', recoveryType: 'AUTO', maxRetries: 3 } },
    guest: 'never-boots',
    error: /^Recovery: failed to recover VM \[.+\] \(REBOOT_ONLY\): no liveness within bootup_time 10 s$/,
    reported: /^Recovery: failed to recover VM \[.+\] \(REBOOT_ONLY\): no liveness within bootup_time 10 s$/,
    steps: ['port:0', 'volume:data', 'server', 'active', 'alive:recovery:reboot', 'alive:recovery:reboot-active'],
    events: ['VM_DEPLOYED SUCCESS', 'VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_REBOOT SUCCESS', 'VM_RECOVERY_COMPLETE FAILURE'],
    state: 'VM_ERROR_STATE',
    servers: 1,
  },
];

for (const c of failures) {
  test(c.name, async () => {
    world = await openVimWorld({ config: c.config, emulator: c.faults && { faults: { rules: c.faults } } });
    const placed = await placeVm(world, vmGroup(c.group));
    if (c.guest) world.vim.emulator.admin.setGuest({ serverName: placed.vm.vimName, mode: c.guest });
    const o = await op(world, 'op-1');
    await assert.rejects(build(placed, world.context(o)), { message: c.error });
    assert.deepEqual(await stepsOf(o.id, placed.vm.id), c.steps);
    assert.deepEqual(await world.events(o.id), c.events);
    assert.match((await world.temp.store.listEvents({ operationId: o.id })).at(-1)!.statusMessage, c.reported);
    assert.equal((await world.temp.store.getVm(placed.vm.id))?.state, c.state);
    assert.equal(world.vim.emulator.admin.dump().servers.length, c.servers);
  });
}
