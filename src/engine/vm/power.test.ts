/**
 * Power actions on one built VM (OPS-2..4, VMOP-1..3) on the real OpenStack driver over the
 * emulator: the steps, events, state and monitoring each leaves; Nova's 409 for a server already
 * where it was asked to go counts as done (a replayed step meets its own earlier effect), any other
 * 409 fails; a soft reboot that does not bring the server back within bootup_time becomes hard, and
 * a forced one (VMOP-2) is hard at once.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { FaultRule } from '../../../emulator/faults/rules.ts';
import type { Durations } from '../../../emulator/faults/timing.ts';
import type { VmState } from '../../domain/states.ts';
import type { VimDriver } from '../../vim/driver.ts';
import { builtVm, op } from '../testing/one-vm.ts';
import { openVimWorld, type VimWorld } from '../testing/vim-world.ts';
import { actOnVm, type PowerAction } from './power.ts';

let world: VimWorld;
afterEach(() => world.dispose());

/** What was done to the server behind the engine's back before the action, on the VIM itself. */
type Before = (vim: VimDriver, serverId: string) => Promise<void>;
const stoppedBefore: Before = (vim, id) => vim.stopServer({}, id);
const softRebootBefore: Before = (vim, id) => vim.rebootServer({}, id, 'SOFT');

/** A soft reboot that never finishes (Nova's task state `rebooting` held); a hard one does. */
const softRebootHangs: FaultRule[] = [{ stuck: { resource: 'server', status: 'rebooting' } }];

const cases: {
  name: string;
  action: PowerAction;
  force?: boolean;
  before?: Before;
  durations?: Partial<Durations>;
  faults?: FaultRule[];
  /** Step names after `vm:<id>:<action>:`. */
  steps: string[];
  /** The OpenStack calls, `<id>` standing for the server id. */
  calls?: string[];
  events: string[];
  state: VmState;
  monitoring: boolean;
  error?: RegExp;
  /** Bounds on the fake time the action took, in seconds (the group's bootup_time is 10 s). */
  tookSecs?: [number, number];
}[] = [
  {
    name: 'OPS-3 stop: os-stop, wait SHUTOFF, VM_STOPPED; the VM shut off with monitoring off',
    action: 'stop',
    steps: ['os-stop', 'shutoff'],
    calls: ['POST servers/<id>/action', 'GET servers/detail'],
    events: ['VM_STOPPED SUCCESS'],
    state: 'VM_SHUTOFF_STATE',
    monitoring: false,
  },
  {
    name: 'OPS-3 a stop Nova refuses with 409 because the server is already SHUTOFF counts as done',
    action: 'stop',
    before: stoppedBefore,
    steps: ['os-stop', 'shutoff'],
    calls: ['POST servers/<id>/action', 'GET servers/<id>', 'GET servers/detail'],
    events: ['VM_STOPPED SUCCESS'],
    state: 'VM_SHUTOFF_STATE',
    monitoring: false,
  },
  {
    name: 'OPS-2 start: os-start, wait ACTIVE, VM_STARTED, then VM_ALIVE with monitoring re-armed',
    action: 'start',
    before: stoppedBefore,
    steps: ['os-start', 'active', 'alive'],
    events: ['VM_STARTED SUCCESS', 'VM_ALIVE SUCCESS'],
    state: 'VM_ALIVE_STATE',
    monitoring: true,
  },
  {
    name: 'OPS-2 a start Nova refuses with 409 because the server is already ACTIVE counts as done',
    action: 'start',
    steps: ['os-start', 'active', 'alive'],
    // issue 14: the liveness check runs on the server the ACTIVE wait read, no second read
    calls: ['POST servers/<id>/action', 'GET servers/<id>', 'GET servers/detail'],
    events: ['VM_STARTED SUCCESS', 'VM_ALIVE SUCCESS'],
    state: 'VM_ALIVE_STATE',
    monitoring: true,
  },
  {
    name: 'OPS-4 reboot: a soft reboot, wait ACTIVE, VM_REBOOTED, VM_ALIVE, then VM_MONITOR_SET',
    action: 'reboot',
    steps: ['reboot', 'active', 'alive'],
    events: ['VM_REBOOTED SUCCESS', 'VM_ALIVE SUCCESS', 'VM_MONITOR_SET SUCCESS'],
    state: 'VM_ALIVE_STATE',
    monitoring: true,
  },
  {
    name: 'OPS-4 a soft reboot that does not bring the server back within bootup_time becomes a hard one',
    action: 'reboot',
    faults: softRebootHangs,
    steps: ['reboot', 'hard-reboot', 'hard-active', 'alive'],
    tookSecs: [10, 20],
    events: ['VM_REBOOTED SUCCESS', 'VM_ALIVE SUCCESS', 'VM_MONITOR_SET SUCCESS'],
    state: 'VM_ALIVE_STATE',
    monitoring: true,
  },
  {
    name: 'VMOP-2 a forced reboot is hard at once',
    action: 'reboot',
    force: true,
    faults: softRebootHangs,
    steps: ['reboot', 'active', 'alive'],
    tookSecs: [0, 5],
    events: ['VM_REBOOTED SUCCESS', 'VM_ALIVE SUCCESS', 'VM_MONITOR_SET SUCCESS'],
    state: 'VM_ALIVE_STATE',
    monitoring: true,
  },
  {
    name: 'IMPL-4 a soft reboot Nova refuses with 409 because that reboot is already running counts as done',
    action: 'reboot',
    before: softRebootBefore,
    durations: { serverReboot: 3_000 },
    steps: ['reboot', 'active', 'alive'],
    // The ACTIVE wait checks at once, at 0.5, 1.5 and 3.5 s (issue 14); the liveness wait's check at once finds it ACTIVE.
    calls: ['POST servers/<id>/action', 'GET servers/<id>', 'GET servers/detail', 'GET servers/detail', 'GET servers/detail', 'GET servers/detail', 'GET servers/detail'],
    events: ['VM_REBOOTED SUCCESS', 'VM_ALIVE SUCCESS', 'VM_MONITOR_SET SUCCESS'],
    state: 'VM_ALIVE_STATE',
    monitoring: true,
  },
  {
    name: 'IMPL-4 a soft reboot refused with 409 whose server is ACTIVE again (the earlier reboot finished) is sent once more',
    action: 'reboot',
    faults: [{ match: { action: 'server.action.reboot' }, status: 409, message: 'Cannot reboot while in task_state rebooting', count: 1 }],
    steps: ['reboot', 'active', 'alive'],
    calls: ['POST servers/<id>/action', 'GET servers/<id>', 'POST servers/<id>/action', 'GET servers/detail', 'GET servers/detail'],
    events: ['VM_REBOOTED SUCCESS', 'VM_ALIVE SUCCESS', 'VM_MONITOR_SET SUCCESS'],
    state: 'VM_ALIVE_STATE',
    monitoring: true,
  },
  {
    name: 'OPS-4 a soft reboot an ACTIVE server keeps refusing with 409 (locked) fails after one more try: VM_REBOOTED FAILURE',
    action: 'reboot',
    faults: [{ match: { action: 'server.action.reboot' }, status: 409, message: 'Instance is locked' }],
    steps: [],
    calls: ['POST servers/<id>/action', 'GET servers/<id>', 'POST servers/<id>/action', 'GET servers/<id>'],
    events: ['VM_REBOOTED FAILURE'],
    state: 'VM_ERROR_STATE',
    monitoring: false,
    error: /Instance is locked/,
  },
  {
    name: 'OPS-4 a soft reboot Nova refuses with 409 for a server that is SHUTOFF fails: VM_REBOOTED FAILURE',
    action: 'reboot',
    before: stoppedBefore,
    steps: [],
    events: ['VM_REBOOTED FAILURE'],
    state: 'VM_ERROR_STATE',
    monitoring: false,
    error: /Cannot 'reboot' instance .+ while it is in vm_state stopped/,
  },
];

for (const c of cases) {
  test(c.name, async () => {
    world = await openVimWorld({ emulator: { durations: c.durations, ...(c.faults && { faults: { rules: c.faults } }) } });
    const { t, vm } = await builtVm(world);
    if (c.before) {
      await c.before(world.vim.driver, vm.serverId!);
      await world.clock.advance(0);
      world.vim.calls.clear();
    }
    const o = await op(world, 'op-vm', { kind: `vm.${c.action}` });
    const key = `vm:${vm.id}:${c.action}`;
    const started = world.clock.now();
    const acting = world.runOut(actOnVm(world.context(o), world.engineDeps(), t, vm, c.action, { key, force: c.force }));
    if (c.error) await assert.rejects(acting, { message: c.error });
    else await acting;
    const took = (world.clock.now() - started) / 1000;
    if (c.tookSecs) assert.ok(took >= c.tookSecs[0] && took <= c.tookSecs[1], `took ${took} s`);

    assert.deepEqual((await world.temp.store.getSteps(o.id)).map((s) => s.name.replace(`${key}:`, '')), c.steps);
    if (c.calls) assert.deepEqual(world.vim.calls.list().map((call) => `${call.method} ${call.path.replace(vm.serverId!, '<id>')}`), c.calls);
    assert.deepEqual(await world.events(o.id), c.events);
    if (c.error) assert.match((await world.temp.store.listEvents({ operationId: o.id }))[0]!.statusMessage, c.error);
    const stored = (await world.temp.store.getVm(vm.id))!;
    assert.deepEqual([stored.state, stored.monitoring], [c.state, c.monitoring]);
  });
}
