/**
 * Benchmark 4: service stop then start (OPS-3, OPS-4) of many 5-VM deployments through the
 * manager's real REST API against the benchmark VIM (the OpenStack driver over the in-process
 * emulator with every duration 0, no HTTP and no state file, `harness.ts`), so a VM operation costs
 * the manager's work plus the emulator's in-process answers. Per operation the figure is the time
 * from the REST answer to the completion callback. OpenStack calls are counted from the driver's
 * recorded calls; guest-liveness checks (liveness mode `emulator`) ask the emulator's guest model
 * in process and are counted there. The VMs sit on the shared /16 benchmark network: the seeded
 * `private` network is a /24 (253 addresses), too small for 500 VMs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startManager } from '../src/app/manager.ts';
import type { Liveness } from '../src/engine/deployment/deps.ts';
import type { EmulatorAdmin } from '../emulator/admin/admin.ts';
import { BENCH_CIDR, BENCH_NETWORK, benchPolling, POLL_SECS, startBenchVim, startCallbackSink } from './harness.ts';
import { fmt, percentile, printTable, runBounded } from './stats.ts';

export const BENCH_TENANT = 'bench';
/** Issue 14's goal for service stop and start, each. */
const GOAL_VM_OPS_PER_S = 1000;
const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';

/**
 * A deployment of one group of `vms` VMs, in tenant BENCH_TENANT on the benchmark network unless
 * others are named; `groupExtra` goes at the end of the group (kpi_data).
 */
export function benchDeployment(name: string, vms: number, o: { tenant?: string; network?: string; groupExtra?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>${o.tenant ?? BENCH_TENANT}</name><deployments><deployment>
<name>${name}</name>
<vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>60</bootup_time><recovery_wait_time>10</recovery_wait_time>
<interfaces><interface><nicid>0</nicid><network>${o.network ?? BENCH_NETWORK}</network></interface></interfaces>
<scaling><min_active>${vms}</min_active><max_active>${vms}</max_active></scaling>${o.groupExtra ?? ''}</vm_group>
</deployment></deployments></tenant></tenants></esc_datamodel>`;
}

/** Liveness mode `emulator` in process: ACTIVE and the emulator's guest answers; checks are counted. */
function countedGuestLiveness(admin: EmulatorAdmin) {
  let checks = 0;
  const liveness: Liveness = {
    isAlive: async (_vm, server) => {
      if (server.status !== 'ACTIVE') return false;
      checks++;
      return admin.guestAlive(server.id);
    },
  };
  return { liveness, checks: () => checks };
}

interface PhaseResult {
  label: string;
  wallMs: number;
  /** CPU time of this process (manager, emulator and client) in the phase: steadier than wall time on a loaded machine. */
  cpuMs: number;
  overheads: number[];
  failures: string[];
  apiCalls: number;
  livenessCalls: number;
  /** Servers in the wanted status on the emulator after the phase. */
  settled: number;
}

function serverStatuses(admin: EmulatorAdmin): string[] {
  return (admin.dump().servers as { status: string }[]).map((s) => s.status);
}

/** The issue 14 row: VM operations per second of each phase (goal 1,000 each). */
export interface ServiceOpsFigures {
  stopVmOpsPerS: number;
  startVmOpsPerS: number;
  goalVmOpsPerS: number;
}

export async function benchServiceOps(opts: { deployments: number; vmsEach: number; concurrency: number; dataRoot: string; dataLabel: string }): Promise<ServiceOpsFigures> {
  const dataDir = mkdtempSync(join(opts.dataRoot, 'openvnfm-bench-'));
  const vim = await startBenchVim();
  const admin = vim.emulator.admin;
  const guests = countedGuestLiveness(admin);
  const counts = () => ({ api: vim.calls.count(), liveness: guests.checks() });
  const sink = await startCallbackSink();
  const manager = await startManager({ logger: false, vim: vim.driver, liveness: guests.liveness, settings: { ...benchPolling(), 'data.dir': dataDir } });
  const names = Array.from({ length: opts.deployments }, (_, i) => `svc-${i}`);
  const base = `${manager.url}/ESCManager/v0`;

  /** Sends one request with the callback header; returns REST-answer→callback ms. */
  const operate = async (url: string, body: string, failures: string[]): Promise<number> => {
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/xml', callback: sink.url } });
    const accepted = performance.now();
    const text = await res.text();
    const txn = res.headers.get('esc-transaction-id');
    if (!res.ok || !txn) throw new Error(`POST ${url}: HTTP ${res.status} ${text}`);
    const done = await sink.completion(txn);
    if (done.status !== '200') failures.push(`${url}: ${done.status}`);
    return done.at - accepted;
  };

  const phase = async (label: string, request: (name: string) => [string, string], want: string): Promise<PhaseResult> => {
    const overheads: number[] = [];
    const failures: string[] = [];
    const before = counts();
    const start = performance.now();
    const cpu = process.cpuUsage();
    await runBounded(names.length, opts.concurrency, async (i) => void overheads.push(await operate(...request(names[i]!), failures)));
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const after = counts();
    const settled = serverStatuses(admin).filter((s) => s === want).length;
    return { label, wallMs, cpuMs, overheads, failures, apiCalls: after.api - before.api, livenessCalls: after.liveness - before.liveness, settled };
  };
  const serviceOp = (op: string) => (name: string): [string, string] => [
    `${base}/${BENCH_TENANT}/deployments/service/${name}`,
    `<service_operation xmlns="${NETCONF_NS}"><operation>${op}</operation></service_operation>`,
  ];

  try {
    const deploy = await phase('deploy (setup)', (n) => [`${base}/deployments/${n}`, benchDeployment(n, opts.vmsEach)], 'ACTIVE');
    const stop = await phase('stop', serviceOp('stop'), 'SHUTOFF');
    const start = await phase('start', serviceOp('start'), 'ACTIVE');
    const vmsTotal = opts.deployments * opts.vmsEach;
    const opsPerS = (p: PhaseResult) => vmsTotal / (p.wallMs / 1000);
    const row = (p: PhaseResult) => [
      p.label, String(p.overheads.length), `${p.settled}/${vmsTotal}`, fmt(p.wallMs / 1000, 2), fmt(opsPerS(p)), fmt(p.cpuMs / vmsTotal, 2),
      fmt(percentile(p.overheads, 50)), fmt(percentile(p.overheads, 99)), fmt(p.apiCalls / vmsTotal, 2), fmt(p.livenessCalls / vmsTotal, 2),
    ];
    const failures = [...deploy.failures, ...stop.failures, ...start.failures];
    printTable(
      `4. Service stop then start of ${opts.deployments} deployments x ${opts.vmsEach} VMs, in-process emulator with zero durations (no VIM HTTP), real REST, ${opts.concurrency} in flight`,
      ['phase', 'operations', 'VMs in state', 'wall s', `VM ops/s (goal ${GOAL_VM_OPS_PER_S})`, 'CPU ms/VM', 'p50 ms', 'p99 ms', 'API calls/VM', 'liveness/VM'],
      [row(stop), row(start), row(deploy)],
      [
        'p50/p99: manager overhead per service operation (5 VMs each) = REST answer received -> completion callback received; the emulator answers in process and every duration is 0',
        'CPU ms/VM: CPU time of the whole process (manager, in-process emulator, REST client, callback sink) in the phase per VM acted on; wall time on a loaded machine counts other processes too',
        'VMs in state: servers SHUTOFF (stop) or ACTIVE (start, deploy) on the emulator after the phase; VM ops/s = VMs acted on / wall s',
        'API calls/VM: OpenStack calls (Keystone, Nova, Neutron, ...) the driver made per VM in the phase, all of the manager\'s traffic in that window; liveness/VM: guest-alive checks on the emulator\'s guest model (liveness mode emulator, in process)',
        `VMs on a shared network ${BENCH_NETWORK} (${BENCH_CIDR}) made before the run: the seeded private network is a /24 (253 addresses), too small for ${vmsTotal} VMs`,
        `poll interval ${POLL_SECS} s for every vim.asyncpoller.*.poll.secs; SQLite data folder on ${opts.dataLabel} (${opts.dataRoot}); the emulator keeps no state file`,
        `the deploy row is the setup, shown for scale; failed completions ${failures.length}${failures.length ? ` (first: ${failures[0]})` : ''}`,
      ],
    );
    return { stopVmOpsPerS: opsPerS(stop), startVmOpsPerS: opsPerS(start), goalVmOpsPerS: GOAL_VM_OPS_PER_S };
  } finally {
    await manager.close();
    await vim.close();
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
