/**
 * The monitor on the real OpenStack driver over the emulator in process, on a fake clock (IMPL-2;
 * issue 12 items 5 and 9): one batched list per cycle, outcomes after the configured occurrences,
 * drift once per change, paused VMs and maintenance left alone, watching read back after a restart.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { KpiSpec } from '../domain/deployment-spec.ts';
import type { OpMode } from '../domain/op-mode.ts';
import { builtVm, vmGroup, type OneVm } from '../engine/testing/one-vm.ts';
import { silentLogger } from '../engine/testing/silent-logger.ts';
import { openVimWorld, type VimWorld } from '../engine/testing/vim-world.ts';
import type { VimDriver } from '../vim/driver.ts';
import { Monitor } from './monitor.ts';
import type { DriftObservation, KpiOutcome } from './outcome.ts';
import { watcherOf } from './ownership.ts';

let world: VimWorld;
let monitor: Monitor | undefined;
afterEach(async () => {
  await monitor?.stop();
  monitor = undefined;
  await world.dispose();
});

const kpi = (eventName: string, type: string, more: Partial<KpiSpec> = {}): KpiSpec => ({
  eventName,
  metricValue: '80',
  metricCond: 'GT',
  metricType: 'UINT32',
  metricOccurrencesTrue: 1,
  metricOccurrencesFalse: 1,
  metricCollector: { type, nicid: 0, pollFrequency: 3, pollingUnit: 'seconds', continuousAlarm: false },
  ...more,
});

interface Rig {
  one: OneVm;
  seen: string[];
  drift: DriftObservation[];
  mode: { now: OpMode };
  /** Runs once right after the monitor's next batched list, the summary one (to change the world mid-cycle). */
  afterList: { once?: () => void };
  /** The monitor's batched lists (the summary of the project's ACTIVE servers), and the detailed ones. */
  serverLists: () => number;
  detailedLists: () => number;
  /** Advances fake time by 3 s (one poll) and lets the cycle finish. */
  poll: (times?: number) => Promise<void>;
  setGuest: (metrics: Record<string, number>) => void;
  start: () => Promise<Monitor>;
}

async function rig(kpis: KpiSpec[] = [kpi('VM_ALIVE', 'ICMPPing', { metricValue: '1' }), kpi('VM_OVERLOADED', 'CPU', { metricOccurrencesTrue: 2 })]): Promise<Rig> {
  world = await openVimWorld();
  const one = await builtVm(world, vmGroup({ kpiData: { enabled: true, kpis } }));
  const seen: string[] = [];
  const drift: DriftObservation[] = [];
  const mode = { now: 'OPERATION' as OpMode };
  const afterList: Rig['afterList'] = {};
  const deps = world.engineDeps();
  const vims = { defaultId: () => deps.vims.defaultId(), get: (id: string) => listHooked(deps.vims.get(id), afterList) };
  const sink = { onOutcome: (o: KpiOutcome) => seen.push(`${o.eventName} ${o.outcome} ${o.value}`), onDrift: (d: DriftObservation) => drift.push(d) };
  const start = async () => {
    await monitor?.stop();
    monitor = new Monitor({ store: deps.store, vims, clock: world.clock, config: deps.config, log: silentLogger, kpis: deps.kpis, sink, mode: () => mode.now });
    await monitor.start();
    return monitor;
  };
  return {
    one,
    seen,
    drift,
    mode,
    afterList,
    serverLists: () => world.vim.calls.count({ method: 'GET', path: 'servers' }),
    detailedLists: () => world.vim.calls.count({ method: 'GET', path: 'servers/detail' }),
    async poll(times = 1) {
      for (let i = 0; i < times; i++) {
        await world.clock.advance(3_000);
        for (let n = 0; n < 20; n++) await new Promise((r) => setImmediate(r));
      }
    },
    setGuest: (metrics) => world.vim.emulator.admin.setGuest({ serverId: one.vm.serverId!, metrics }),
    start,
  };
}

/** The driver, its `listServerIds` followed by `hook.once` (then cleared). */
function listHooked(vim: VimDriver, hook: Rig['afterList']): VimDriver {
  const listServerIds: VimDriver['listServerIds'] = async (...args) => {
    const ids = await vim.listServerIds(...args);
    const once = hook.once;
    hook.once = undefined;
    once?.();
    return ids;
  };
  return new Proxy(vim, { get: (target, key) => (key === 'listServerIds' ? listServerIds : Reflect.get(target, key, target)) });
}

test('IMPL-2 a metric crossing its threshold: TRUE after metric_occurrences_true polls, FALSE after the false ones; one list call per cycle, no GET per VM', async () => {
  const r = await rig();
  await r.start();
  const detailed = r.detailedLists();
  assert.equal(monitor!.watchedCount, 1);
  await r.poll();
  assert.deepEqual(r.seen, ['VM_ALIVE TRUE 1'], 'liveness raised at the first poll; cpu unreported counts no poll');
  r.setGuest({ cpu: 95 });
  await r.poll();
  assert.deepEqual(r.seen.slice(1), [], 'one poll above 80 is not yet two');
  monitor!.touch(r.one.t.deployment.id); // the deployment read again (any event): counters kept
  await r.poll();
  assert.deepEqual(r.seen.slice(1), ['VM_OVERLOADED TRUE 95']);
  await r.poll();
  assert.deepEqual(r.seen.slice(2), [], 'not continuous: raised once per change');
  r.setGuest({ cpu: 10 });
  await r.poll();
  assert.deepEqual(r.seen.slice(2), ['VM_OVERLOADED FALSE 10']);
  assert.equal(r.serverLists(), 5, 'both KPIs share one batched list per cycle');
  assert.equal(r.detailedLists(), detailed, 'every server ACTIVE: the summary list told all there was to know');
  assert.equal(world.vim.calls.count({ method: 'GET', path: `servers/${r.one.vm.serverId}` }), 0);
});

test('issue 12 item 9: a server deleted out of band is drift, observed once', async () => {
  const r = await rig();
  await r.start();
  await r.poll();
  await world.vim.driver.deleteServer({}, r.one.vm.serverId!);
  await r.poll(3);
  assert.deepEqual(r.drift.map((d) => `${d.vmName} ${d.observed}`), [`${r.one.vm.name} GONE`]);
  assert.deepEqual(r.seen, ['VM_ALIVE TRUE 1'], 'a server not ACTIVE raises no KPI outcome');
});

test('issue 12 item 9: a server stopped out of band is SHUTOFF drift; started again, then stopped again, a second drift', async () => {
  const r = await rig();
  await r.start();
  const detailed = r.detailedLists();
  await world.vim.driver.stopServer({}, r.one.vm.serverId!);
  await r.poll(2);
  assert.equal(r.detailedLists(), detailed + 2, 'a server missing from the ACTIVE ones is read in detail, once a cycle');
  await world.vim.driver.startServer({}, r.one.vm.serverId!);
  await r.poll(2);
  await world.vim.driver.stopServer({}, r.one.vm.serverId!);
  await r.poll();
  assert.deepEqual(r.drift.map((d) => `${d.observed} ${d.status}`), ['SHUTOFF SHUTOFF', 'SHUTOFF SHUTOFF']);
});

test('IMPL-2 a stopped VM (monitoring off) is not watched; enabling monitoring re-arms it', async () => {
  const r = await rig();
  const { store } = world.temp;
  await r.start();
  await store.putVm({ ...r.one.vm, state: 'VM_SHUTOFF_STATE', monitoring: false });
  monitor!.touch(r.one.t.deployment.id);
  await r.poll(2);
  assert.equal(monitor!.watchedCount, 0);
  assert.equal(r.serverLists(), 0);
  assert.deepEqual(r.seen, []);
  await store.putVm({ ...r.one.vm, state: 'VM_ALIVE_STATE', monitoring: true });
  monitor!.heard({ id: 'e', time: '', type: 'VM_MONITOR_SET', status: 'SUCCESS', statusCode: 200, statusMessage: '', deploymentId: r.one.t.deployment.id });
  await r.poll();
  assert.deepEqual(r.seen, ['VM_ALIVE TRUE 1']);
});

test('IMPL-2 re-armed by VM_ALIVE (start, reboot): occurrence counters start again', async () => {
  const r = await rig();
  await r.start();
  r.setGuest({ cpu: 95 });
  await r.poll();
  monitor!.heard({ id: 'e', time: '', type: 'VM_ALIVE', status: 'SUCCESS', statusCode: 200, statusMessage: '', deploymentId: r.one.t.deployment.id, vmSource: { generatedName: r.one.vm.name, vmName: r.one.vm.vimName, vimId: 'v', interfaces: [] } });
  await r.poll();
  assert.deepEqual(r.seen, ['VM_ALIVE TRUE 1', 'VM_ALIVE TRUE 1'], 'the first cpu poll after re-arming is again one of two');
  await r.poll();
  assert.deepEqual(r.seen.slice(2), ['VM_OVERLOADED TRUE 95']);
});

test('IMPL-2 maintenance mode pauses every loop: no VIM call, no outcome', async () => {
  const r = await rig();
  await r.start();
  r.mode.now = 'MAINTENANCE';
  await r.poll(3);
  assert.equal(r.serverLists(), 0);
  assert.deepEqual(r.seen, []);
  r.mode.now = 'OPERATION';
  await r.poll();
  assert.deepEqual(r.seen, ['VM_ALIVE TRUE 1']);
});

test('IMPL-2 a deployment being updated is not watched; watching is read back from the store after a restart', async () => {
  const r = await rig();
  const { store } = world.temp;
  await store.putDeployment({ ...r.one.t.deployment, state: 'SERVICE_UPDATING_STATE' });
  await r.start();
  assert.equal(monitor!.watchedCount, 0);
  await store.putDeployment({ ...r.one.t.deployment, state: 'SERVICE_ACTIVE_STATE' });
  await r.start();
  assert.equal(monitor!.watchedCount, 1);
  await r.poll();
  assert.deepEqual(r.seen, ['VM_ALIVE TRUE 1']);
});

test('issue 15: with several managers only the deployment\'s watcher watches it; the watcher gone, another takes it up', async () => {
  const r = await rig();
  const id = r.one.t.deployment.id;
  const [watcher, other] = watcherOf(id, ['m1', 'm2']) === 'm1' ? ['m1', 'm2'] : ['m2', 'm1'];
  await r.start();
  await monitor!.members(other, [watcher, other]);
  assert.equal(monitor!.watchedCount, 0, 'the other manager\'s deployment is let go');
  monitor!.touch(id);
  await r.poll(2);
  assert.equal(monitor!.watchedCount, 0, 'read again, still not watched');
  assert.deepEqual(r.seen, []);
  await monitor!.members(other, [other]);
  assert.equal(monitor!.watchedCount, 1, 'its watcher dead: taken up');
  await r.poll();
  assert.deepEqual(r.seen, ['VM_ALIVE TRUE 1']);
  await monitor!.members(other, [watcher, other].reverse());
  assert.equal(monitor!.watchedCount, 0, 'the watcher back: let go again');
});

test('IMPL-2 an outcome reached while the watch lapsed mid-cycle (maintenance began) is not lost: the next watched poll raises it', async () => {
  const r = await rig([kpi('VM_OVERLOADED', 'CPU')]);
  await r.start();
  r.setGuest({ cpu: 95 });
  r.afterList.once = () => (r.mode.now = 'MAINTENANCE');
  await r.poll();
  assert.deepEqual(r.seen, [], 'not handed on while in maintenance');
  r.mode.now = 'OPERATION';
  await r.poll();
  assert.deepEqual(r.seen, ['VM_OVERLOADED TRUE 95']);
});

test('issue 12 item 9: drift seen while the watch lapsed mid-cycle is reported at the next watched poll', async () => {
  const r = await rig();
  await r.start();
  await world.vim.driver.stopServer({}, r.one.vm.serverId!);
  r.afterList.once = () => (r.mode.now = 'MAINTENANCE');
  await r.poll();
  assert.equal(r.drift.length, 0, 'not reported while in maintenance');
  r.mode.now = 'OPERATION';
  await r.poll();
  assert.deepEqual(r.drift.map((d) => d.observed), ['SHUTOFF']);
});

test('issue 14: while an operation on the deployment runs, its events wait; at its end the deployment is read with the re-arms heard meanwhile', async () => {
  const r = await rig();
  const deploymentId = r.one.t.deployment.id;
  await r.start();
  r.setGuest({ cpu: 95 });
  await r.poll();
  monitor!.operationAccepted(deploymentId);
  monitor!.heard({ id: 'e', time: '', type: 'VM_ALIVE', status: 'SUCCESS', statusCode: 200, statusMessage: '', deploymentId, vmSource: { generatedName: r.one.vm.name, vmName: r.one.vm.vimName, vimId: 'v', interfaces: [] } });
  await r.poll();
  assert.deepEqual(r.seen, ['VM_ALIVE TRUE 1', 'VM_OVERLOADED TRUE 95'], 'not re-armed while the operation runs: the second cpu poll of two');
  monitor!.operationFinished(deploymentId);
  await r.poll();
  assert.deepEqual(r.seen.slice(2), ['VM_ALIVE TRUE 1'], 're-armed at its end: liveness raised again, cpu one poll of two');
});

test('issue 15: with several managers an accepted operation holds no events back (another manager may run it and hear its end)', async () => {
  const r = await rig();
  const deploymentId = r.one.t.deployment.id;
  await r.start();
  await monitor!.members('self', ['self']);
  r.setGuest({ cpu: 95 });
  await r.poll();
  monitor!.operationAccepted(deploymentId);
  monitor!.heard({ id: 'e', time: '', type: 'VM_ALIVE', status: 'SUCCESS', statusCode: 200, statusMessage: '', deploymentId, vmSource: { generatedName: r.one.vm.name, vmName: r.one.vm.vimName, vimId: 'v', interfaces: [] } });
  await r.poll();
  assert.deepEqual(r.seen, ['VM_ALIVE TRUE 1', 'VM_ALIVE TRUE 1'], 're-armed at once, no operationFinished needed: liveness raised again, cpu one poll of two');
});

test('issue 14: a deployment without KPIs is let go on reading the deployment alone, its VMs unread', async () => {
  world = await openVimWorld();
  const one = await builtVm(world);
  const deps = world.engineDeps();
  let vmReads = 0;
  const store = new Proxy(deps.store, {
    get: (target, key) => (key === 'listVms' ? (...args: Parameters<typeof target.listVms>) => (vmReads++, target.listVms(...args)) : Reflect.get(target, key, target)),
  });
  monitor = new Monitor({ store, vims: deps.vims, clock: world.clock, config: deps.config, log: silentLogger, kpis: deps.kpis, sink: { onOutcome: () => {}, onDrift: () => {} }, mode: () => 'OPERATION' });
  await monitor.start();
  const atStart = vmReads;
  monitor.touch(one.t.deployment.id);
  await monitor.start(); // waits for the touch's read to finish
  assert.equal(vmReads, atStart + 1, 'the second start() read one page of VMs; the touch read the deployment alone');
  assert.equal(monitor.watchedCount, 0);
});
