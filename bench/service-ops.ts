/**
 * Benchmark 4: service stop then start (OPS-3, OPS-4) of many 5-VM deployments through real HTTP
 * against the embedded OpenStack emulator with every duration set to 0, so a VM operation costs
 * only the manager's work plus the emulator's HTTP round trips. Per operation the figure is the
 * time from the REST answer to the completion callback. VIM calls are counted by wrapping
 * `globalThis.fetch` before the manager starts (its OpenStack driver and the emulator liveness
 * check both use it) and counting requests to the emulator's address, split into OpenStack API
 * calls and `/_emulator/` guest-liveness checks. The VMs sit on a shared /16 network made for the
 * run: the emulator's seeded `private` network is a /24 (253 addresses), too small for 500 VMs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startManager, type Manager } from '../src/app/manager.ts';
import { defaultDurations, type Durations } from '../emulator/faults/timing.ts';
import { benchPolling, POLL_SECS, startCallbackSink } from './harness.ts';
import { fmt, percentile, printTable, runBounded } from './stats.ts';

const TENANT = 'bench';
const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const NETWORK = 'bench-net';
const CIDR = '10.64.0.0/16';

function fiveVmDeployment(name: string, vms: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>${TENANT}</name><deployments><deployment>
<name>${name}</name>
<vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>60</bootup_time><recovery_wait_time>10</recovery_wait_time>
<interfaces><interface><nicid>0</nicid><network>${NETWORK}</network></interface></interfaces>
<scaling><min_active>${vms}</min_active><max_active>${vms}</max_active></scaling></vm_group>
</deployment></deployments></tenant></tenants></esc_datamodel>`;
}

/** Counts requests made through `globalThis.fetch` to one base URL, by kind, until restored. */
function countEmulatorCalls() {
  const realFetch = globalThis.fetch;
  const counts = { api: 0, liveness: 0 };
  let base: string | undefined;
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (base !== undefined && url.startsWith(base)) {
      if (url.startsWith(`${base}/_emulator/`)) counts.liveness++;
      else counts.api++;
    }
    return realFetch(input, init);
  };
  return {
    watch: (url: string) => void (base = url),
    snapshot: () => ({ ...counts }),
    restore: () => void (globalThis.fetch = realFetch),
  };
}

interface PhaseResult {
  label: string;
  wallMs: number;
  overheads: number[];
  failures: string[];
  apiCalls: number;
  livenessCalls: number;
  /** Servers in the wanted status on the emulator after the phase. */
  settled: number;
}

function serverStatuses(manager: Manager): string[] {
  return (manager.emulator!.admin.dump().servers as { status: string }[]).map((s) => s.status);
}

export async function benchServiceOps(opts: { deployments: number; vmsEach: number; concurrency: number; dataRoot: string; dataLabel: string }): Promise<void> {
  const dataDir = mkdtempSync(join(opts.dataRoot, 'openvnfm-bench-'));
  const calls = countEmulatorCalls();
  const sink = await startCallbackSink();
  const manager = await startManager({ logger: false, settings: { ...benchPolling(), 'data.dir': dataDir } });
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
    const before = calls.snapshot();
    const start = performance.now();
    await runBounded(names.length, opts.concurrency, async (i) => void overheads.push(await operate(...request(names[i]!), failures)));
    const wallMs = performance.now() - start;
    const after = calls.snapshot();
    const settled = serverStatuses(manager).filter((s) => s === want).length;
    return { label, wallMs, overheads, failures, apiCalls: after.api - before.api, livenessCalls: after.liveness - before.liveness, settled };
  };
  const serviceOp = (op: string) => (name: string): [string, string] => [
    `${base}/${TENANT}/deployments/service/${name}`,
    `<service_operation xmlns="${NETCONF_NS}"><operation>${op}</operation></service_operation>`,
  ];

  try {
    if (!manager.emulator) throw new Error('the manager started no embedded emulator (OS_CLOUD or OS_AUTH_URL set?)');
    calls.watch(manager.emulator.url);
    const zero = Object.fromEntries(Object.keys(defaultDurations).map((k) => [k, 0])) as Durations;
    manager.emulator.admin.setDurations(zero);
    const net = await manager.vim.createNetwork({}, { name: NETWORK, shared: true, adminStateUp: true, tag: 'bench' });
    await manager.vim.createSubnet({}, { name: `${NETWORK}-v4`, networkId: net.id, cidr: CIDR, ipVersion: 4, enableDhcp: true, tag: 'bench' });
    const deploy = await phase('deploy (setup)', (n) => [`${base}/deployments/${n}`, fiveVmDeployment(n, opts.vmsEach)], 'ACTIVE');
    const stop = await phase('stop', serviceOp('stop'), 'SHUTOFF');
    const start = await phase('start', serviceOp('start'), 'ACTIVE');
    const vmsTotal = opts.deployments * opts.vmsEach;
    const row = (p: PhaseResult) => [
      p.label, String(p.overheads.length), `${p.settled}/${vmsTotal}`, fmt(p.wallMs / 1000, 2), fmt(vmsTotal / (p.wallMs / 1000)),
      fmt(percentile(p.overheads, 50)), fmt(percentile(p.overheads, 99)), fmt(p.apiCalls / vmsTotal, 2), fmt(p.livenessCalls / vmsTotal, 2),
    ];
    const failures = [...deploy.failures, ...stop.failures, ...start.failures];
    printTable(
      `4. Service stop then start of ${opts.deployments} deployments x ${opts.vmsEach} VMs, embedded OpenStack emulator with zero durations, real HTTP, ${opts.concurrency} in flight`,
      ['phase', 'operations', 'VMs in state', 'wall s', 'VM ops/s', 'p50 ms', 'p99 ms', 'API calls/VM', 'liveness/VM'],
      [row(stop), row(start), row(deploy)],
      [
        'p50/p99: manager overhead per service operation (5 VMs each) = REST answer received -> completion callback received; the emulator answers at once and every duration is 0',
        'VMs in state: servers SHUTOFF (stop) or ACTIVE (start, deploy) on the emulator after the phase; VM ops/s = VMs acted on / wall s',
        'API calls/VM: OpenStack API requests (Keystone, Nova, Neutron, ...) to the emulator per VM in the phase, all of the manager\'s traffic in that window; liveness/VM: /_emulator/ guest-alive checks (liveness mode emulator)',
        `VMs on a shared network ${NETWORK} (${CIDR}) made before the run: the seeded private network is a /24 (253 addresses), too small for ${vmsTotal} VMs`,
        `poll interval ${POLL_SECS} s for every vim.asyncpoller.*.poll.secs; data folder (SQLite and emulator state.json, rewritten on each emulator mutation) on ${opts.dataLabel} (${opts.dataRoot})`,
        'the emulator runs in this process and rewrites its whole state.json on every mutation and transition, a cost that grows with the server count: the figures include that work',
        `the deploy row is the setup, shown for scale; failed completions ${failures.length}${failures.length ? ` (first: ${failures[0]})` : ''}`,
      ],
    );
  } finally {
    await manager.close();
    await sink.close();
    calls.restore();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
