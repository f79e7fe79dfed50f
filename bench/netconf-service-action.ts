/**
 * Benchmark 7: accepted `serviceAction` STOP RPCs per second beside REST's service stop (issue 11,
 * Done-when 3). N deployments per row, each stopped once: NETCONF sends `serviceAction` over ONE
 * session (one in flight, then pipelined), REST POSTs `service_operation` (one keep-alive client,
 * then as many as NETCONF pipelines). The rate counts answers: an `<ok/>` or a 200 means the stop is
 * recorded and will run (OPS-3); the stops then finish in the background and each row waits for all
 * of its deployments to be stopped before the next row starts, reported as "all stopped s".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { startManager, type Manager } from '../src/app/manager.ts';
import { vimLiveness } from '../src/monitor/liveness.ts';
import { benchPolling, startBenchVim } from './harness.ts';
import { netconfBenchSettings, netconfLogin, openBenchSession, type BenchSession } from './netconf-client.ts';
import { benchDeployment, BENCH_TENANT } from './service-ops.ts';
import { fmt, percentile, printTable, runBounded } from './stats.ts';
import { join } from 'node:path';

interface Row {
  label: string;
  acceptedMs: number;
  latencies: number[];
  refused: string[];
  settledMs: number;
}

const serviceStop = (name: string) =>
  `<serviceAction xmlns="http://www.cisco.com/esc/esc"><actionType>STOP</actionType><tenantName>${BENCH_TENANT}</tenantName><depName>${name}</depName></serviceAction>`;

async function waitAll(manager: Manager, names: readonly string[], state: string): Promise<void> {
  const wanted = new Set(names);
  for (;;) {
    const deployments = await manager.store.listDeployments({ tenant: BENCH_TENANT });
    if (deployments.filter((d) => wanted.has(d.name) && d.state === state).length === wanted.size) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function benchNetconfServiceAction(opts: { deployments: number; concurrency: number; dataRoot: string; dataLabel: string }): Promise<void> {
  const dataDir = mkdtempSync(join(opts.dataRoot, 'openvnfm-bench-'));
  const vim = await startBenchVim();
  const manager = await startManager({ logger: false, vim: vim.driver, liveness: vimLiveness, settings: { ...benchPolling(), ...netconfBenchSettings, 'data.dir': dataDir } });
  const api = `${manager.url}/ESCManager/v0`;
  let session: BenchSession | undefined;

  /** One row: `send(name)` for each of N fresh deployments with at most `inFlight` waiting for an answer. */
  const row = async (label: string, prefix: string, inFlight: number, send: (name: string) => Promise<string | undefined>): Promise<Row> => {
    const names = Array.from({ length: opts.deployments }, (_, i) => `${prefix}-${i}`);
    await runBounded(names.length, 20, async (i) => {
      const res = await fetch(`${api}/deployments/${names[i]}`, { method: 'POST', body: benchDeployment(names[i]!, 1), headers: { 'content-type': 'application/xml' } });
      if (res.status !== 201) throw new Error(`deploy ${names[i]}: HTTP ${res.status} ${await res.text()}`);
    });
    await waitAll(manager, names, 'SERVICE_ACTIVE_STATE');
    const latencies: number[] = [];
    const refused: string[] = [];
    const start = performance.now();
    await runBounded(names.length, inFlight, async (i) => {
      const t0 = performance.now();
      const why = await send(names[i]!);
      latencies.push(performance.now() - t0);
      if (why !== undefined) refused.push(why);
    });
    const acceptedMs = performance.now() - start;
    await waitAll(manager, names, 'SERVICE_STOPPED_STATE');
    return { label, acceptedMs, latencies, refused, settledMs: performance.now() - start };
  };
  const viaNetconf = async (name: string) => {
    const reply = await session!.rpc(serviceStop(name));
    return reply.ok && reply.text.includes('<ok/>') ? undefined : reply.text;
  };
  const viaRest = async (name: string) => {
    const res = await fetch(`${api}/${BENCH_TENANT}/deployments/service/${name}`, {
      method: 'POST',
      body: '<service_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>stop</operation></service_operation>',
      headers: { 'content-type': 'application/xml' },
    });
    const text = await res.text();
    return res.ok ? undefined : `HTTP ${res.status} ${text}`;
  };

  try {
    session = await openBenchSession(netconfLogin(manager));
    const rows = [
      await row('REST, 1 keep-alive client', 'rest1', 1, viaRest),
      await row('NETCONF, 1 session, 1 in flight', 'nc1', 1, viaNetconf),
      await row(`REST, ${opts.concurrency} keep-alive clients`, 'restn', opts.concurrency, viaRest),
      await row(`NETCONF, 1 session, ${opts.concurrency} pipelined`, 'ncn', opts.concurrency, viaNetconf),
    ];
    const refused = rows.flatMap((r) => r.refused);
    printTable(
      `7. Accepted service STOPs: NETCONF serviceAction beside REST, ${opts.deployments} one-VM deployments per row, one STOP each`,
      ['client', 'accepted', 'accepted/s', 'p50 ms', 'p99 ms', 'all stopped s'],
      rows.map((r) => [
        r.label, String(r.latencies.length - r.refused.length), fmt(r.latencies.length / (r.acceptedMs / 1000), 0),
        fmt(percentile(r.latencies, 50), 2), fmt(percentile(r.latencies, 99), 2), fmt(r.settledMs / 1000, 2),
      ]),
      [
        'accepted/s: answers (<ok/> or 200) per second from the first request to the last answer; p50/p99: request -> answer',
        'all stopped s: from the first request until every deployment of the row is SERVICE_STOPPED_STATE (the stops run while later requests arrive)',
        `in-process emulator with zero durations; SQLite on ${opts.dataLabel} (${opts.dataRoot}); clients in the manager's process; refused ${refused.length}${refused.length ? ` (first: ${refused[0]!.slice(0, 200)})` : ''}`,
      ],
    );
  } finally {
    await session?.close();
    await manager.close();
    await vim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
