/**
 * Benchmark 9: the cost of monitoring (IMPL-2; issue 12 items 5 and 9) — 10,000 monitored VMs on
 * the zero-latency VIM (the OpenStack driver over the in-process emulator, `harness.ts`), each
 * with ESC's canonical liveness KPI (`VM_ALIVE`, ICMPPing every 3 s) and a CPU KPI, both read from
 * the emulated guests in process (no HTTP), through the real `Monitor` over a SQLite store on the
 * system clock. Steady state: CPU and RSS of the process and VIM calls per second over a window.
 * Then some guests stop answering and the time to their FALSE liveness outcome is measured, against
 * poll_frequency × metric_occurrences_false + 1 s. The emulator serves its list calls in this same
 * process, so the CPU figure includes the VIM's side of each list.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Config } from '../src/config/config.ts';
import type { KpiSpec } from '../src/domain/deployment-spec.ts';
import { newVmRecords } from '../src/domain/vm-records.ts';
import { kpiReader } from '../src/engine/deployment/kpi-reader.ts';
import { openTempStore } from '../src/events/testing/temp-store.ts';
import { Monitor } from '../src/monitor/monitor.ts';
import type { KpiOutcome } from '../src/monitor/outcome.ts';
import { deployment, spec, tenant } from '../src/store/contract/fixtures.ts';
import { isoTime, systemClock } from '../src/time/clock.ts';
import type { Scope } from '../src/vim/driver.ts';
import { startBenchVim } from './harness.ts';
import { fmt, printTable, rssSampler, runBounded } from './stats.ts';

const scope: Scope = {};
const silent = { info() {}, warn() {}, error() {} };

const kpi = (eventName: string, type: string, metricValue: string, occurrencesFalse: number): KpiSpec => ({
  eventName,
  metricValue,
  metricCond: 'GT',
  metricType: 'UINT32',
  metricOccurrencesTrue: 1,
  metricOccurrencesFalse: occurrencesFalse,
  metricCollector: { type, nicid: 0, pollFrequency: 3, pollingUnit: 'seconds', continuousAlarm: false },
});

export async function benchMonitoring(opts: { vms: number; perDeployment: number; windowMs: number; failing: number }): Promise<void> {
  const vim = await startBenchVim();
  // The store on tmpfs where there is one: the figure is the monitor's work, not fsync's.
  const temp = await openTempStore(existsSync('/dev/shm') ? '/dev/shm' : undefined);
  const { store } = temp;
  const image = await vim.driver.findImage(scope, 'cirros');
  const owner = tenant('bench', { vimMapping: false, vimProjectId: undefined, vimProjectName: undefined });
  await store.putTenant(owner);
  const occurrencesFalse = 2;
  const group = { ...spec('x').vmGroups[0]!, name: 'g', kpiData: { enabled: true, kpis: [kpi('VM_ALIVE', 'ICMPPing', '1', occurrencesFalse), kpi('VM_OVERLOADED', 'CPU', '80', 1)] } };
  const setupStart = performance.now();
  const serverIds: string[] = [];
  for (let d = 0; d < opts.vms / opts.perDeployment; d++) {
    const dep = deployment(`bench-${d}`, { name: `bench-${d}`, tenant: owner.name, spec: { ...spec(`bench-${d}`), policies: { dependencies: [], placement: [] }, networks: [], vmGroups: [group] }, networks: [] });
    await store.putDeployment(dep);
    const indexes = Array.from({ length: opts.perDeployment }, (_, i) => i);
    const vms = newVmRecords(dep, group, indexes, isoTime(systemClock), randomUUID, []);
    // A network per deployment: the emulator's address allocation looks at every port of the network.
    const net = await vim.driver.createNetwork(scope, { name: `bench-mon-${d}`, shared: false, adminStateUp: true, tag: `bench-mon-${d}` });
    await vim.driver.createSubnet(scope, { name: `bench-mon-${d}-v4`, networkId: net.id, cidr: `10.${100 + Math.floor(d / 250)}.${d % 250}.0/24`, ipVersion: 4, enableDhcp: true, tag: `bench-mon-${d}` });
    await runBounded(vms.length, 50, async (i) => {
      const vm = vms[i]!;
      const server = await vim.driver.createServer(scope, { name: vm.vimName, imageId: image?.id, flavorId: '1', portIds: [], networks: [{ networkId: net.id }], blockDevices: [], metadata: {}, tag: vm.id });
      serverIds.push(server.id);
      await store.putVm({ ...vm, serverId: server.id, state: 'VM_ALIVE_STATE', monitoring: true });
    });
  }
  const setupSecs = (performance.now() - setupStart) / 1000;

  const emulator = vim.emulator.admin;
  const liveness = { isAlive: async (_vm: unknown, server: { id: string; status: string }) => server.status === 'ACTIVE' && emulator.guestAlive(server.id) };
  const kpis = kpiReader(liveness, { read: async (server, metric) => emulator.guestMetrics(server.id)?.[metric] });
  const outcomes: (KpiOutcome & { seenAt: number })[] = [];
  const monitor = new Monitor({
    store, vims: { get: () => vim.driver, defaultId: () => vim.driver.id }, clock: systemClock, config: new Config({}), log: silent, kpis,
    sink: { onOutcome: (o) => outcomes.push({ ...o, seenAt: performance.now() }), onDrift: () => {} },
    mode: () => 'OPERATION',
  });
  const startAt = performance.now();
  await monitor.start();
  const startMs = performance.now() - startAt;

  // Let the first polls (every VM_ALIVE TRUE) pass, then measure a steady window.
  await systemClock.sleep(4_000);
  vim.calls.clear();
  const lists = monitor.listCalls;
  const cpu = process.cpuUsage();
  const rss = rssSampler(100);
  const windowStart = performance.now();
  await systemClock.sleep(opts.windowMs);
  const windowSecs = (performance.now() - windowStart) / 1000;
  const used = process.cpuUsage(cpu);
  const peakRss = rss.stop();
  const vimCalls = vim.calls.count();
  const listCalls = monitor.listCalls - lists;

  // Guests that stop answering: the time from the failure to their FALSE liveness outcome.
  const failingIds = new Set(serverIds.slice(0, opts.failing));
  const failedAt = performance.now();
  for (const id of failingIds) emulator.setGuest({ serverId: id, mode: 'stops-answering' });
  const goalMs = 3_000 * occurrencesFalse + 1_000;
  await systemClock.sleep(goalMs + 2_000);
  const noticed = outcomes.filter((o) => o.eventName === 'VM_ALIVE' && o.outcome === 'FALSE' && o.seenAt > failedAt).map((o) => o.seenAt - failedAt);

  await monitor.stop();
  await vim.close();
  await temp.dispose();
  printTable(
    `9. Monitoring cost: ${opts.vms} monitored VMs (${opts.vms / opts.perDeployment} deployments), VM_ALIVE + CPU KPIs every 3 s, zero-latency VIM`,
    ['watched', 'start ms', 'window s', 'CPU %', 'peak RSS MiB', 'VIM calls/s', 'lists/s', 'failed guests', 'FALSE noticed', 'notice max ms', `goal ms`],
    [[
      String(monitor.watchedCount), fmt(startMs, 0), fmt(windowSecs, 1), fmt(((used.user + used.system) / 1000 / (windowSecs * 1000)) * 100, 1), fmt(peakRss, 0),
      fmt(vimCalls / windowSecs, 2), fmt(listCalls / windowSecs, 2), String(opts.failing), String(noticed.length), fmt(Math.max(...noticed), 0), String(goalMs),
    ]],
    [
      `setup (records and servers) took ${fmt(setupSecs, 1)} s and is not measured; start ms = the monitor reading every deployment from the store`,
      'CPU % = user+system CPU of this process over the window / window wall time (100 % = one core), the in-process emulator answering the lists included',
      'VIM calls/s = OpenStack calls the driver sent in the window (one GET servers/detail per cycle for every due VM); liveness and CPU are read from the in-process guests, not the VIM',
      `goal = poll_frequency (3 s) × metric_occurrences_false (${occurrencesFalse}) + 1 s; the time to VM_RECOVERY_INIT adds recovery_wait_time and belongs to the rule engine`,
    ],
  );
}
