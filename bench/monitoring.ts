/**
 * Benchmark 9: the cost of monitoring (IMPL-2; issue 12 items 5, 6 and 9) — 10,000 monitored VMs on
 * the zero-latency VIM (the OpenStack driver over the in-process emulator, `harness.ts`) watched by
 * a real manager: its monitor, rule engine and engine over its SQLite file (on tmpfs where there is
 * one), on the system clock. The 10,000 VMs are written into the manager's store before it starts
 * (building them through REST would take the whole run), each with ESC's canonical liveness KPI
 * (`VM_ALIVE`, ICMPPing every 3 s) and a CPU KPI, both read from the emulated guests in process (no
 * HTTP). Steady state: CPU and RSS of the process and VIM calls per second over a window.
 * Then a few one-VM deployments made through REST with a recovery rule have their guests stop
 * answering at once, and the time from the failure to each VM's VM_RECOVERY_INIT (stamped by the
 * event bus) is set beside its goal, computed from the deployment's own poll_frequency ×
 * metric_occurrences_false + recovery_wait_time + 1 s (issue 12, "Done when"). One VM per
 * deployment: the engine runs one deployment's operations one after the other, so the k-th
 * recovery of one deployment would start only after the k-1 before it — a figure of the engine's
 * queue, not of noticing a failure. The emulator serves the VIM calls in this same process, so the
 * CPU figure includes the VIM's side.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startManager } from '../src/app/manager.ts';
import type { KpiSpec } from '../src/domain/deployment-spec.ts';
import { pollIntervalMs } from '../src/domain/kpi.ts';
import { newVmRecords } from '../src/domain/vm-records.ts';
import { guestLiveness, guestMetrics } from '../src/engine/testing/vim-world.ts';
import { deployment, spec, tenant } from '../src/store/contract/fixtures.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { isoTime, systemClock } from '../src/time/clock.ts';
import { BENCH_NETWORK, benchPolling, startBenchVim } from './harness.ts';
import { fmt, percentile, printTable, rssSampler, runBounded } from './stats.ts';

const kpi = (eventName: string, type: string, metricValue: string, occurrencesFalse: number): KpiSpec => ({
  eventName,
  metricValue,
  metricCond: 'GT',
  metricType: 'UINT32',
  metricOccurrencesTrue: 1,
  metricOccurrencesFalse: occurrencesFalse,
  metricCollector: { type, nicid: 0, pollFrequency: 3, pollingUnit: 'seconds', continuousAlarm: false },
});

/**
 * A one-VM deployment whose guest is made to fail: ESC's liveness KPI and its recovery rule. In the
 * watched VMs' tenant, so the same monitor loop (one per VIM project) reads it with the 10,000.
 */
const probeDeployment = (name: string, recoveryWaitSecs: number) => `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>${OWNER}</name><deployments><deployment>
<name>${name}</name>
<vm_group><name>p</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>120</bootup_time><recovery_wait_time>${recoveryWaitSecs}</recovery_wait_time>
<interfaces><interface><nicid>0</nicid><network>${BENCH_NETWORK}</network></interface></interfaces>
<scaling><min_active>1</min_active><max_active>1</max_active></scaling>
<kpi_data><kpi><event_name>VM_ALIVE</event_name><metric_value>1</metric_value><metric_cond>GT</metric_cond><metric_type>UINT32</metric_type>
<metric_occurrences_true>1</metric_occurrences_true><metric_occurrences_false>2</metric_occurrences_false>
<metric_collector><type>ICMPPing</type><nicid>0</nicid><poll_frequency>3</poll_frequency><polling_unit>seconds</polling_unit><continuous_alarm>false</continuous_alarm></metric_collector></kpi></kpi_data>
<rules><admin_rules><rule><event_name>VM_ALIVE</event_name><action>TRUE esc_vm_alive_notification</action><action>FALSE recover autohealing</action></rule></admin_rules></rules>
</vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;

const OWNER = 'bench';

export interface MonitoringFigures {
  vms: number;
  setupSecs: number;
  managerStartMs: number;
  cpuPercent: number;
  peakRssMiB: number;
  vimCallsPerSec: number;
  serverListsPerSec: number;
  recovery: { failed: number; reached: number; medianMs: number; maxMs: number; goalMs: number; withinGoal: boolean };
}

export async function benchMonitoring(opts: { vms: number; perDeployment: number; windowMs: number; failing: number; recoveryWaitSecs: number }): Promise<MonitoringFigures> {
  const vim = await startBenchVim();
  // The data folder on tmpfs where there is one: the figure is the monitor's work, not fsync's.
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'openvnfm-bench-mon-'));
  const setupStart = performance.now();
  await writeWatchedVms(vim, dataDir, opts);
  const setupSecs = (performance.now() - setupStart) / 1000;

  const startAt = performance.now();
  const manager = await startManager({
    logger: false,
    vim: vim.driver,
    liveness: guestLiveness(vim.emulator),
    metrics: guestMetrics(vim.emulator),
    settings: { ...benchPolling(), 'data.dir': dataDir },
  });
  const managerStartMs = performance.now() - startAt;
  const emulator = vim.emulator.admin;
  try {
    const names = Array.from({ length: opts.failing }, (_, i) => `probe-${i}`);
    for (const name of names) {
      const res = await fetch(`${manager.url}/ESCManager/v0/deployments/${name}`, { method: 'POST', body: probeDeployment(name, opts.recoveryWaitSecs), headers: { 'content-type': 'application/xml' } });
      if (res.status !== 201) throw new Error(`probe deployment refused: ${res.status} ${await res.text()}`);
    }
    const probes = await until(async () => {
      const views = await Promise.all(names.map((name) => manager.engine.getDeployment(name)));
      return views.every((v) => v.deployment.state === 'SERVICE_ACTIVE_STATE') && views;
    }, 120_000, 'the probe deployments active');

    // Let the first polls (every VM_ALIVE TRUE) pass, then measure a steady window.
    await systemClock.sleep(4_000);
    vim.calls.clear();
    const cpu = process.cpuUsage();
    const rss = rssSampler(100);
    const windowStart = performance.now();
    await systemClock.sleep(opts.windowMs);
    const windowSecs = (performance.now() - windowStart) / 1000;
    const used = process.cpuUsage(cpu);
    const peakRssMiB = rss.stop();
    const calls = vim.calls.list();
    const lists = calls.filter((c) => c.method === 'GET' && (c.path === 'servers' || c.path === 'servers/detail')).length;

    // The probes' guests stop answering: the time to each VM's VM_RECOVERY_INIT, against the goal
    // its own KPI and recovery_wait_time give.
    const group = probes[0]!.deployment.spec.vmGroups[0]!;
    const alive = group.kpiData.kpis.find((k) => k.eventName === 'VM_ALIVE')!;
    const goalMs = pollIntervalMs(alive) * alive.metricOccurrencesFalse + group.recoveryWaitTime * 1000 + 1000;
    const afterSeq = await manager.store.lastEventSeq();
    const failedAt = Date.now();
    for (const probe of probes) emulator.setGuest({ serverId: probe.vms[0]!.serverId!, mode: 'stops-answering' });
    const inits = await until(async () => {
      const events = (await manager.store.listEvents({ tenant: OWNER, afterSeq })).filter((e) => e.type === 'VM_RECOVERY_INIT');
      return events.length >= probes.length || Date.now() - failedAt > goalMs + 10_000 ? events : undefined;
    }, goalMs + 15_000, 'VM_RECOVERY_INIT');
    const delays = inits.map((e) => Date.parse(e.time) - failedAt);
    const recovery = {
      failed: probes.length,
      reached: delays.length,
      medianMs: delays.length ? percentile(delays, 50) : NaN,
      maxMs: delays.length ? Math.max(...delays) : NaN,
      goalMs,
      withinGoal: delays.length === probes.length && delays.every((d) => d <= goalMs),
    };
    const figures: MonitoringFigures = {
      vms: opts.vms + opts.failing,
      setupSecs,
      managerStartMs,
      cpuPercent: ((used.user + used.system) / 1000 / (windowSecs * 1000)) * 100,
      peakRssMiB,
      vimCallsPerSec: calls.length / windowSecs,
      serverListsPerSec: lists / windowSecs,
      recovery,
    };
    print(figures, opts, windowSecs, alive, group.recoveryWaitTime);
    return figures;
  } finally {
    await manager.close();
    await vim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The watched VMs as the manager would have them after VM_ALIVE: records in its store, servers on the VIM. */
async function writeWatchedVms(vim: Awaited<ReturnType<typeof startBenchVim>>, dataDir: string, opts: { vms: number; perDeployment: number }): Promise<void> {
  const store = await openSqliteStore(join(dataDir, 'openvnfm.sqlite'));
  try {
    const image = await vim.driver.findImage({}, 'cirros');
    const owner = tenant(OWNER, { vimMapping: false, vimProjectId: undefined, vimProjectName: undefined });
    await store.putTenant(owner);
    const group = { ...spec('x').vmGroups[0]!, name: 'g', configData: [], kpiData: { enabled: true, kpis: [kpi('VM_ALIVE', 'ICMPPing', '1', 2), kpi('VM_OVERLOADED', 'CPU', '80', 1)] } };
    for (let d = 0; d < opts.vms / opts.perDeployment; d++) {
      const name = `bench-${d}`;
      const dep = deployment(name, { name, tenant: owner.name, spec: { ...spec(name), policies: { dependencies: [], placement: [] }, networks: [], vmGroups: [group] }, networks: [] });
      await store.putDeployment(dep);
      const vms = newVmRecords(dep, group, Array.from({ length: opts.perDeployment }, (_, i) => i), isoTime(systemClock), randomUUID, []);
      // All on the one shared network: the emulator's address allocation no longer scans its ports.
      await runBounded(vms.length, 50, async (i) => {
        const vm = vms[i]!;
        const server = await vim.driver.createServer({}, { name: vm.vimName, imageId: image?.id, flavorId: '1', portIds: [], networks: [{ networkId: vim.networkId }], blockDevices: [], metadata: {}, tag: vm.id });
        await store.putVm({ ...vm, serverId: server.id, state: 'VM_ALIVE_STATE', monitoring: true });
      });
    }
  } finally {
    await store.close();
  }
}

async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`benchmark 9: timed out waiting for ${what}`);
    await systemClock.sleep(100);
  }
}

function print(f: MonitoringFigures, opts: { vms: number; perDeployment: number; failing: number }, windowSecs: number, alive: KpiSpec, recoveryWaitSecs: number): void {
  const r = f.recovery;
  printTable(
    `9. Monitoring cost: ${f.vms} monitored VMs (${opts.vms / opts.perDeployment} deployments of ${opts.perDeployment} + ${opts.failing} one-VM probes), VM_ALIVE + CPU KPIs every 3 s, zero-latency VIM`,
    ['VMs', 'start ms', 'window s', 'CPU %', 'peak RSS MiB', 'VIM calls/s', 'lists/s', 'failed', 'RECOVERY_INIT', 'median ms', 'max ms', 'goal ms', 'within goal'],
    [[
      String(f.vms), fmt(f.managerStartMs, 0), fmt(windowSecs, 1), fmt(f.cpuPercent, 1), fmt(f.peakRssMiB, 0), fmt(f.vimCallsPerSec, 2), fmt(f.serverListsPerSec, 2),
      String(r.failed), String(r.reached), fmt(r.medianMs, 0), fmt(r.maxMs, 0), String(r.goalMs), r.withinGoal ? 'yes' : 'NO',
    ]],
    [
      `setup (store records and servers) took ${fmt(f.setupSecs, 1)} s and is not measured; start ms = startManager with every VM in its store (the monitor reads them all)`,
      'CPU % = user+system CPU of this process over the window / window wall time (100 % = one core): the manager and the in-process emulator answering it',
      'VIM calls/s = OpenStack calls the driver sent in the window (lists: GET servers, the ids of the ACTIVE ones, one per cycle for every due VM, and GET servers/detail when some are not); liveness and CPU are read from the in-process guests',
      `time to VM_RECOVERY_INIT = its event time − the moment the guests stopped answering; goal = poll_frequency (${pollIntervalMs(alive) / 1000} s) × metric_occurrences_false (${alive.metricOccurrencesFalse}) + recovery_wait_time (${recoveryWaitSecs} s) + 1 s`,
    ],
  );
}
