/**
 * Benchmark 8: escEvent fan-out over NETCONF (issue 11, Done-when 3). N deployments of V VMs are
 * stopped through REST (concurrency C) while S sessions are subscribed to the escEvent stream
 * (`netconf-subscribers.ts`, in a worker thread); each row is one stop of every deployment, with
 * a start in between rows (not measured). Per event, the delay runs from its eventTime — stamped
 * in the transaction that gives it its sequence number, i.e. its commit — to its arrival at the
 * LAST subscriber to get it. events/s is the events of the row over the time from the first
 * event's commit to the last event's arrival at its last subscriber.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startManager, type Manager } from '../src/app/manager.ts';
import { reachesChannel } from '../src/events/channels.ts';
import { vimLiveness } from '../src/monitor/liveness.ts';
import { benchPolling, startBenchVim } from './harness.ts';
import { netconfBenchSettings, netconfLogin } from './netconf-client.ts';
import type { FanoutArrival } from './netconf-subscribers.ts';
import { benchDeployment, BENCH_TENANT } from './service-ops.ts';
import { fmt, percentile, printTable, runBounded } from './stats.ts';

type FromWorker = { ready?: true; error?: string; arrivals?: FanoutArrival[]; perSession?: number[]; closed?: true };

function next(worker: Worker, what: keyof FromWorker): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromWorker) => {
      if (m.error !== undefined) return reject(new Error(`subscribers: ${m.error}`));
      if (m[what] === undefined) return;
      worker.off('message', onMessage);
      resolve(m);
    };
    worker.on('message', onMessage).once('error', reject);
  });
}

async function settle(manager: Manager, state: string, count: number): Promise<void> {
  while ((await manager.store.listDeployments({ tenant: BENCH_TENANT })).filter((d) => d.state === state).length < count) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function benchNetconfFanout(opts: {
  subscribers: number[];
  deployments: number;
  vmsEach: number;
  concurrency: number;
  dataRoot: string;
  dataLabel: string;
}): Promise<void> {
  const dataDir = mkdtempSync(join(opts.dataRoot, 'openvnfm-bench-'));
  const vim = await startBenchVim();
  const manager = await startManager({ logger: false, vim: vim.driver, liveness: vimLiveness, settings: { ...benchPolling(), ...netconfBenchSettings, 'data.dir': dataDir } });
  const api = `${manager.url}/ESCManager/v0`;
  const names = Array.from({ length: opts.deployments }, (_, i) => `fan-${i}`);
  const post = async (url: string, body: string, status: number) => {
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/xml' } });
    if (res.status !== status) throw new Error(`POST ${url}: HTTP ${res.status} ${await res.text()}`);
  };
  const serviceOp = (op: string) => (i: number) =>
    post(`${api}/${BENCH_TENANT}/deployments/service/${names[i]}`, `<service_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>${op}</operation></service_operation>`, 200);

  const round = async (subscribers: number): Promise<string[]> => {
    const worker = new Worker(new URL('./netconf-subscribers.ts', import.meta.url), { workerData: { login: netconfLogin(manager), count: subscribers } });
    try {
      await next(worker, 'ready');
      const before = await manager.store.lastEventSeq();
      await runBounded(names.length, opts.concurrency, serviceOp('stop'));
      await settle(manager, 'SERVICE_STOPPED_STATE', names.length);
      await manager.engine.runner.idle();
      const events = (await manager.engine.listEvents({ afterSeq: before })).filter((e) => reachesChannel(e, 'netconf'));
      worker.postMessage({ expect: events.length });
      const { arrivals, perSession } = await next(worker, 'arrivals');
      const complete = arrivals!.filter((a) => a.received === subscribers);
      const delays = complete.map((a) => a.last - Date.parse(a.eventTime));
      const first = Math.min(...events.map((e) => Date.parse(e.time)));
      const windowS = (Math.max(...complete.map((a) => a.last)) - first) / 1000;
      worker.postMessage({ close: true });
      await next(worker, 'closed');
      return [
        String(subscribers), String(events.length), `${complete.length}/${events.length}`, String(Math.min(...perSession!)),
        fmt(complete.length / windowS, 0), fmt((complete.length * subscribers) / windowS, 0),
        fmt(percentile(delays, 50), 1), fmt(percentile(delays, 99), 1), fmt(Math.max(...delays), 1),
      ];
    } finally {
      await worker.terminate();
    }
  };

  try {
    await runBounded(names.length, opts.concurrency, (i) => post(`${api}/deployments/${names[i]}`, benchDeployment(names[i]!, opts.vmsEach), 201));
    await settle(manager, 'SERVICE_ACTIVE_STATE', names.length);
    const rows: string[][] = [];
    for (const subscribers of opts.subscribers) {
      if (rows.length > 0) {
        await runBounded(names.length, opts.concurrency, serviceOp('start'));
        await settle(manager, 'SERVICE_ACTIVE_STATE', names.length);
        await manager.engine.runner.idle();
      }
      rows.push(await round(subscribers));
    }
    printTable(
      `8. escEvent fan-out over NETCONF: a service stop of ${opts.deployments} deployments x ${opts.vmsEach} VMs (${opts.concurrency} in flight, REST) per row`,
      ['subscribers', 'events', 'at all subs', 'min per sub', 'events/s', 'notifs/s', 'p50 ms', 'p99 ms', 'max ms'],
      rows,
      [
        'delay: event commit (its eventTime) -> arrival at the last subscriber; events/s: events over first commit -> last arrival, which includes the stops\' own pace; notifs/s = events/s x subscribers',
        'subscribers: SSH sessions with create-subscription on stream escEvent, in a worker thread of the manager\'s process (read without XML parsing); eventTime has millisecond precision',
        `in-process emulator with zero durations; SQLite on ${opts.dataLabel} (${opts.dataRoot}); a service start (not measured) between rows`,
      ],
    );
  } finally {
    await manager.close();
    await vim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
