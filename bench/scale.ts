/**
 * Benchmark 12: 10,000 VMs under management (issue 14) — 1,000 deployments × 10 VMs, each VM
 * watched by the monitor (ESC's canonical `VM_ALIVE` ICMPPing KPI every 3 s), on the zero-latency
 * VIM (`harness.ts`). The VMs are made through the real REST API (POST per deployment, 50 in
 * flight, completion callbacks awaited), so the store holds exactly what the engine writes.
 *
 * Measured: the process RSS at steady state (monitor polling every VM), the time a fresh manager
 * on the same data folder and VIM takes to be ready (REST answering and every VM watched again),
 * the RSS at steady state after that restart, and `GET /deployments?limit=100` latency (the opdata
 * list ESC's REST users page through, XML as ESC answers by default; first and last page).
 *
 * The VIM (`scale-vim.ts`) is by default the standalone emulator in a process of its own, as a real
 * deployment has it: the RSS is this process's (the manager, plus the bench's small client side),
 * the emulator's printed apart; `in-process` runs the emulator here as before, for comparison. The
 * restart is in process (the VIM must outlive the manager); a child process's module loading is
 * timed separately and added. Beside the list latency, what held the event loop meanwhile: its
 * delay histogram and the garbage collector's pauses (`loop-stalls.ts`).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, fetch } from 'undici';
import { startManager, type Manager } from '../src/app/manager.ts';
import { benchPolling, startCallbackSink } from './harness.ts';
import { recordLoopStalls, type LoopStalls } from './loop-stalls.ts';
import { startScaleVim, type ScaleVimKind } from './scale-vim.ts';
import { benchDeployment } from './service-ops.ts';
import { fmt, percentile, printTable, rssSampler, runBounded } from './stats.ts';

export interface ScaleFigures {
  vim: ScaleVimKind;
  vms: number;
  deployments: number;
  populateSecs: number;
  /** Peak RSS over the steady window, MiB, before and after the restart. */
  rssMiB: number;
  rssAfterRestartMiB: number;
  /** After a full GC, after the restart: the JS heap live and committed, and memory outside it (Buffers, SQLite, ...), MiB. */
  heapUsedMiB: number;
  heapCommittedMiB: number;
  externalMiB: number;
  /** The emulator's RSS when it is a process of its own. */
  emulatorRssMiB: number | undefined;
  /** From `startManager` on the same data folder to REST answering and every VM watched. */
  restartMs: number;
  /** A child process importing the manager's modules (what a real restart adds). */
  moduleLoadMs: number;
  listFirstPageP50Ms: number;
  listFirstPageP99Ms: number;
  listLastPageP99Ms: number;
  /** The manager process's CPU per first-page GET (its monitor included), and the client's. */
  listCpuMsPerRequest: number;
  listClientCpuMsPerRequest: number;
  /** The event loop's delay and GC pauses over the first-page GETs, the manager's and the client's. */
  listStalls: LoopStalls;
  listClientStalls: LoopStalls;
}

/**
 * The in-process emulator filters a list call over every server of the cloud, so with 10,000 of them
 * polls every 5 ms (POLL_SECS) would make the setup quadratic; a deploy still finishes in well under a second.
 */
const SCALE_POLL_SECS = '0.25';

const VM_ALIVE_KPI = `<kpi_data><kpi><event_name>VM_ALIVE</event_name><metric_value>1</metric_value><metric_cond>GT</metric_cond><metric_type>UINT32</metric_type>
<metric_collector><type>ICMPPing</type><nicid>0</nicid><poll_frequency>3</poll_frequency><polling_unit>seconds</polling_unit><continuous_alarm>false</continuous_alarm></metric_collector></kpi></kpi_data>`;

/** V8's collector, so the RSS read after it is live memory, not garbage not yet collected. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function steadyRss(windowMs: number): Promise<number> {
  collector()();
  const rss = rssSampler(100);
  await new Promise((r) => setTimeout(r, windowMs));
  return rss.stop();
}

/**
 * Latencies of `count` sequential GETs of `url` from a client process (`list-client.ts`), and what
 * the manager's process spent meanwhile: its CPU per request (the monitor's included), its event
 * loop's delay and its GC pauses. On a loaded machine the latency waits for a core, the CPU figure
 * much less so.
 */
async function getLatencies(url: string, count: number): Promise<{ samples: number[]; cpuMs: number; clientCpuMs: number; stalls: LoopStalls; clientStalls: LoopStalls }> {
  const stalls = recordLoopStalls();
  const cpu = process.cpuUsage();
  const { stdout } = await execFileAsync(process.execPath, [listClient, url, String(count)], { encoding: 'utf8' });
  const used = process.cpuUsage(cpu);
  const client = JSON.parse(stdout) as { samples: number[]; cpuMs: number; stalls: LoopStalls };
  return { samples: client.samples, clientCpuMs: client.cpuMs, clientStalls: client.stalls, cpuMs: (used.user + used.system) / 1000 / (count + 10), stalls: stalls.stop() };
}

const listClient = fileURLToPath(new URL('./list-client.ts', import.meta.url));
const execFileAsync = promisify(execFile);

function moduleLoadMs(): number {
  const script = `const t=performance.now();await import(${JSON.stringify(new URL('../src/app/manager.ts', import.meta.url).href)});console.log(performance.now()-t)`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

export async function benchScale(opts: { vim: ScaleVimKind; deployments: number; vmsEach: number; concurrency: number; requests: number; windowMs: number; dataRoot: string; dataLabel: string }): Promise<ScaleFigures> {
  const dataDir = mkdtempSync(join(opts.dataRoot, 'openvnfm-bench-scale-'));
  const vim = await startScaleVim(opts.vim);
  const sink = await startCallbackSink();
  const dispatcher = new Agent();
  // The deploys use a connection each: on a loaded machine a kept-alive one was reset under a POST.
  const oneShot = new Agent({ pipelining: 0 });
  const vms = opts.deployments * opts.vmsEach;
  // A tenant (a VIM project of its own) and a /24 per 20 deployments: the poller and the monitor list
  // a project's servers whole (Nova has no filter by ids), so one 10,000-server project would make
  // every poll of the setup cost O(all servers); and the emulator's address allocation looks at
  // every port of the network.
  const group = (i: number) => Math.floor(i / 20);
  for (let n = 0; n * 20 < opts.deployments; n++) {
    const net = await vim.driver.createNetwork({}, { name: `scale-net-${n}`, shared: true, adminStateUp: true, tag: 'bench' });
    await vim.driver.createSubnet({}, { name: `scale-net-${n}-v4`, networkId: net.id, cidr: `10.${100 + Math.floor(n / 250)}.${n % 250}.0/24`, ipVersion: 4, enableDhcp: true, tag: 'bench' });
  }
  const start = () => startManager({ logger: false, vim: vim.driver, liveness: vim.liveness, settings: { ...benchPolling(SCALE_POLL_SECS), 'data.dir': dataDir } });
  let manager: Manager | undefined = await start();
  try {
    const base = `${manager.url}/ESCManager/v0`;
    const populateStart = performance.now();
    const failures: string[] = [];
    await runBounded(opts.deployments, opts.concurrency, async (i) => {
      const name = `scale-${i}`;
      const res = await fetch(`${base}/deployments/${name}`, { method: 'POST', body: benchDeployment(name, opts.vmsEach, { tenant: `scale-t${group(i)}`, network: `scale-net-${group(i)}`, groupExtra: VM_ALIVE_KPI }), headers: { 'content-type': 'application/xml', callback: sink.url }, dispatcher: oneShot });
      const txn = res.headers.get('esc-transaction-id');
      await res.text();
      if (!res.ok || !txn) throw new Error(`POST ${name}: HTTP ${res.status}`);
      const done = await sink.completion(txn);
      if (done.status !== '200') failures.push(`${name}: ${done.status}`);
      if (i % 100 === 99) vim.forgetCalls();
    });
    const populateSecs = (performance.now() - populateStart) / 1000;
    vim.forgetCalls();
    if (failures.length) throw new Error(`${failures.length} deployments failed (first: ${failures[0]})`);
    // The monitor reads each finished deployment again just after its callback went out.
    for (let waited = 0; manager.watchedVms() !== vms; waited += 50) {
      if (waited > 10_000) throw new Error(`the monitor watches ${manager.watchedVms()} VMs, not ${vms}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const rssMiB = await steadyRss(opts.windowMs);

    await manager.close();
    manager = undefined;
    const restartAt = performance.now();
    manager = await start();
    const answered = await fetch(`${manager.url}/ESCManager/v0/tenants`, { dispatcher });
    await answered.text();
    const restartMs = performance.now() - restartAt;
    if (answered.status !== 200) throw new Error(`GET /tenants after the restart: HTTP ${answered.status}`);
    const watched = manager.watchedVms();
    if (watched !== vms) throw new Error(`after the restart the monitor watches ${watched} VMs, not ${vms}`);
    const rssAfterRestartMiB = await steadyRss(opts.windowMs);
    collector()();
    const heap = process.memoryUsage();
    const emulatorRssMiB = vim.emulatorRssMiB();

    const list = `${manager.url}/ESCManager/v0/deployments?limit=100`;
    const first = await getLatencies(list, opts.requests);
    const last = await getLatencies(`${list}&offset=${opts.deployments - 100}`, opts.requests);
    const figures: ScaleFigures = {
      vim: opts.vim, vms, deployments: opts.deployments, populateSecs, rssMiB, rssAfterRestartMiB, emulatorRssMiB, restartMs,
      heapUsedMiB: heap.heapUsed / 2 ** 20, heapCommittedMiB: heap.heapTotal / 2 ** 20, externalMiB: heap.external / 2 ** 20, moduleLoadMs: moduleLoadMs(),
      listFirstPageP50Ms: percentile(first.samples, 50), listFirstPageP99Ms: percentile(first.samples, 99), listLastPageP99Ms: percentile(last.samples, 99),
      listCpuMsPerRequest: first.cpuMs, listClientCpuMsPerRequest: first.clientCpuMs, listStalls: first.stalls, listClientStalls: first.clientStalls,
    };
    const st = first.stalls;
    const cst = first.clientStalls;
    printTable(
      `12. ${vms} VMs under management (${opts.deployments} deployments × ${opts.vmsEach}), each watched (VM_ALIVE every 3 s), zero-latency VIM ${opts.vim === 'process' ? 'in a process of its own' : 'in process'}`,
      ['what', 'now', 'goal'],
      [
        ['steady RSS MiB (before / after restart)', `${fmt(rssMiB, 0)} / ${fmt(rssAfterRestartMiB, 0)}`, '< 1024'],
        ['JS heap live / committed, external MiB (after restart, full GC)', `${fmt(figures.heapUsedMiB, 0)} / ${fmt(figures.heapCommittedMiB, 0)}, ${fmt(figures.externalMiB, 0)}`, ''],
        ['emulator process RSS MiB (apart)', emulatorRssMiB === undefined ? 'in the above' : fmt(emulatorRssMiB, 0), ''],
        ['restart to ready ms (+ module load in a child)', `${fmt(restartMs, 0)} + ${fmt(figures.moduleLoadMs, 0)}`, '< 5000'],
        ['GET /deployments?limit=100 p50 / p99 ms (first page)', `${fmt(figures.listFirstPageP50Ms)} / ${fmt(figures.listFirstPageP99Ms)}`, 'p99 < 20'],
        ['GET /deployments?limit=100 p99 ms (last page)', fmt(figures.listLastPageP99Ms), 'p99 < 20'],
        ['CPU ms per first-page GET: manager process (monitor included) / client', `${fmt(figures.listCpuMsPerRequest)} / ${fmt(figures.listClientCpuMsPerRequest)}`, ''],
        ["the manager's event-loop delay p50 / p99 / max ms (same GETs)", `${fmt(st.delayP50Ms)} / ${fmt(st.delayP99Ms)} / ${fmt(st.delayMaxMs)}`, ''],
        ["the manager's GC pauses: count, total ms; major: count, longest", `${st.gcPauses}, ${fmt(st.gcTotalMs, 0)}; ${st.majorGcPauses}, ${fmt(st.majorGcMaxMs)}`, ''],
        ["the client's event-loop delay p99 / max ms; GC major: count, longest", `${fmt(cst.delayP99Ms)} / ${fmt(cst.delayMaxMs)}; ${cst.majorGcPauses}, ${fmt(cst.majorGcMaxMs)}`, ''],
      ],
      [
        `populated through the real REST API in ${fmt(populateSecs, 1)} s (${opts.concurrency} deploys in flight, every poll.secs ${SCALE_POLL_SECS}, not measured); 20 deployments per tenant (a VIM project each) and /24 network; SQLite data folder on ${opts.dataLabel}`,
        `RSS = peak process RSS over ${opts.windowMs / 1000} s after a full GC, the bench's client side included${opts.vim === 'process' ? '' : `, and the in-process emulator (${vms} servers)`}`,
        'restart = close, then startManager on the same data folder and VIM until GET /tenants answers and the monitor watches every VM again',
        `list latency over ${opts.requests} sequential GETs (XML opdata, one keep-alive client in a process of its own, undici fetch); last page = offset ${opts.deployments - 100}`,
        'event-loop delay = how late a 1 ms timer fires (monitorEventLoopDelay); GC pauses from the gc performance entries, major = mark-compact',
      ],
    );
    return figures;
  } finally {
    await manager?.close();
    await vim.close();
    await sink.close();
    await dispatcher.close();
    await oneShot.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
