/**
 * Benchmark 2 (issue 14): REST reads beside a bare `node:http` server answering the same bytes.
 * The manager runs as `npm start` in its own process (defaults, info logging, auth as the defaults
 * have it: off); each bare server is another process answering one row's bytes with the same
 * Content-Type. Load is `wrk -t1 -c32 -d4s` after a warm-up, in the order manager, bare, manager;
 * the ratio is the mean of the two manager runs over bare. Rows: `GET /tenants` as JSON (3 tenants)
 * and `GET /deployments/shop` as opdata XML (the 2-group fixture, 3 VMs).
 *
 * A yardstick beside them: the same bare server spinning CALIBRATION_WORK_US more per request. On
 * this machine a server slower than one wrk thread pays more than its own work per answer (each
 * write wakes wrk's waiting thread on the other vCPU; a bare server keeps wrk busy and rarely
 * does), so the ratio falls steeply with the first microseconds of work: the row shows how far.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fastPolling } from '../test/support/manager.ts';
import { startManagerProcess, type ManagerProcess } from './manager-process.ts';
import { groupCpuMs } from './process-cpu.ts';
import { fmt, printTable, type LoadResult } from './stats.ts';
import { wrk, type WrkLoad } from './wrk.ts';

export const restGetGoal = 0.6;
/** The yardstick's work per request beyond bare, in microseconds. */
export const CALIBRATION_WORK_US = 10;

/** A wrk run, with the server process's CPU time per answered request (steadier than req/s on a shared machine). */
export type ServerRun = LoadResult & { cpuUsPerRequest: number };

export interface RestGetRow {
  what: string;
  bytes: number;
  contentType: string;
  /** The two manager runs, before and after the bare one. */
  manager: [ServerRun, ServerRun];
  bare: ServerRun;
  /** The bare server spinning CALIBRATION_WORK_US more per request. */
  calibration: ServerRun;
  /** Fastify with its defaults answering the same bytes: the floor the manager's REST server stands on. */
  fastify: ServerRun;
  /** Mean manager req/s over bare req/s. */
  ratio: number;
  /** Bare CPU per request over the manager's (mean of its two runs): the ratio a machine with a core to spare for each would show. */
  cpuRatio: number;
}

export interface RestGetFigures {
  tenants: RestGetRow;
  deployment: RestGetRow;
  goal: number;
}

interface Row {
  what: string;
  path: string;
  headers: Record<string, string>;
}

const rows = {
  tenants: { what: 'GET /ESCManager/v0/tenants (JSON, 3 tenants)', path: '/tenants', headers: { accept: 'application/json' } },
  deployment: { what: 'GET /ESCManager/v0/deployments/shop (opdata XML)', path: '/deployments/shop', headers: {} },
} satisfies Record<string, Row>;

/** Shorter VIM polls only make the set-up deploy quick; the read path never polls. */
const setupPolling = Object.fromEntries(Object.entries(fastPolling).filter(([key]) => key.startsWith('vim.asyncpoller.')));

export async function benchRestGet(opts: { connections: number; seconds: number; warmupSeconds: number }): Promise<RestGetFigures> {
  const manager = await startManagerProcess(setupPolling);
  const bodies = mkdtempSync(join(tmpdir(), 'openvnfm-bench-bare-'));
  try {
    await seed(manager.api);
    const load: WrkLoad = { threads: 1, connections: opts.connections, seconds: opts.seconds };
    // V8 takes several seconds of load to compile the hot path (on a loaded machine, more):
    // both routes are warmed before either is measured.
    for (const row of Object.values(rows)) await wrk(manager.api + row.path, { ...load, seconds: opts.warmupSeconds, headers: row.headers });
    const measure = (row: Row) => measureRow(manager, row, bodies, load, opts.warmupSeconds);
    const figures = { tenants: await measure(rows.tenants), deployment: await measure(rows.deployment), goal: restGetGoal };
    const line = (label: string, r: ServerRun) => [label, String(r.requests), fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p99, 2), fmt(r.cpuUsPerRequest, 0), String(r.errors)];
    for (const row of [figures.tenants, figures.deployment]) {
      printTable(
        `2. REST ${row.what}, ${row.bytes} bytes: manager (npm start) vs bare node:http, same bytes`,
        ['server', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'CPU us/req', 'errors'],
        [
          line('openvnfm manager, run 1', row.manager[0]),
          line('bare node:http', row.bare),
          line('openvnfm manager, run 2', row.manager[1]),
          line(`bare node:http + ${CALIBRATION_WORK_US} us of work per request`, row.calibration),
          line('bare fastify (defaults, one route)', row.fastify),
        ],
        [
          `manager / bare: ${fmt(row.ratio * 100, 0)} % (goal >= ${fmt(restGetGoal * 100, 0)} %): mean of the two manager runs over bare; by CPU per request: ${fmt(row.cpuRatio * 100, 0)} %`,
          `wrk -t1 -c${opts.connections} -d${opts.seconds}s each after a ${opts.warmupSeconds} s warm-up of each server and route; every server in its own process; Content-Type ${row.contentType}`,
          `yardstick: bare + ${CALIBRATION_WORK_US} us spinning per request reaches ${fmt((row.calibration.rps / row.bare.rps) * 100, 0)} % of bare (CPU/request ${fmt(row.calibration.cpuUsPerRequest, 0)} us against ${fmt(row.bare.cpuUsPerRequest, 0)} + ${CALIBRATION_WORK_US}): what a server doing that much more than node:http gets under this load`,
          `fastify with its defaults and one route answering the same bytes reaches ${fmt((row.fastify.rps / row.bare.rps) * 100, 0)} % of bare (CPU/request ${fmt(row.fastify.cpuUsPerRequest, 0)} us): the floor of any fastify server here, the manager's included`,
        ],
      );
    }
    return figures;
  } finally {
    rmSync(bodies, { recursive: true, force: true });
    await manager.close();
  }
}

async function measureRow(manager: ManagerProcess, row: Row, bodies: string, load: WrkLoad, warmupSeconds: number): Promise<RestGetRow> {
  const url = manager.api + row.path;
  const res = await fetch(url, { headers: row.headers });
  if (res.status !== 200) throw new Error(`${row.path}: HTTP ${res.status}`);
  const contentType = res.headers.get('content-type')!;
  const body = Buffer.from(await res.arrayBuffer());
  const bodyFile = join(bodies, `${row.path.replaceAll('/', '_')}.body`);
  writeFileSync(bodyFile, body);
  const servers: BareServer[] = [];
  try {
    const [bare, yardstick, fastify] = [
      await startBareServer(servers, 'bare-http-server.ts', [bodyFile, contentType]),
      await startBareServer(servers, 'bare-http-server.ts', [bodyFile, contentType, String(CALIBRATION_WORK_US)]),
      await startBareServer(servers, 'bare-fastify-server.ts', [bodyFile, contentType]),
    ];
    const bareUrl = `http://127.0.0.1:${bare.port}/ESCManager/v0${row.path}`;
    const check = await fetch(bareUrl, { headers: row.headers });
    if (!Buffer.from(await check.arrayBuffer()).equals(body)) throw new Error('bare server answers other bytes');
    const run = async (target: string, pgid: number, seconds = load.seconds): Promise<ServerRun> => {
      const cpuBefore = groupCpuMs(pgid);
      const result = await wrk(target, { ...load, seconds, headers: row.headers });
      return { ...result, cpuUsPerRequest: ((groupCpuMs(pgid) - cpuBefore) * 1000) / result.requests };
    };
    await run(bareUrl, bare.pid, warmupSeconds);
    const first = await run(url, manager.pid);
    const viaBare = await run(bareUrl, bare.pid);
    const second = await run(url, manager.pid);
    const yardstickUrl = `http://127.0.0.1:${yardstick.port}/ESCManager/v0${row.path}`;
    await run(yardstickUrl, yardstick.pid, 1);
    const calibration = await run(yardstickUrl, yardstick.pid);
    const fastifyUrl = `http://127.0.0.1:${fastify.port}/ESCManager/v0${row.path}`;
    await run(fastifyUrl, fastify.pid, warmupSeconds);
    const viaFastify = await run(fastifyUrl, fastify.pid);
    return {
      what: row.what,
      bytes: body.byteLength,
      contentType,
      manager: [first, second],
      bare: viaBare,
      calibration,
      fastify: viaFastify,
      ratio: (first.rps + second.rps) / 2 / viaBare.rps,
      cpuRatio: viaBare.cpuUsPerRequest / ((first.cpuUsPerRequest + second.cpuUsPerRequest) / 2),
    };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

/** The 2-group fixture deployed as `shop` under `acme` and two more tenants: three in all. */
export async function seed(api: string): Promise<void> {
  for (const name of ['acme', 'north', 'south']) {
    const res = await fetch(`${api}/tenants/${name}`, { method: 'POST', body: '', headers: { 'content-type': 'application/xml' } });
    if (res.status !== 201) throw new Error(`tenant ${name}: HTTP ${res.status} ${await res.text()}`);
  }
  const xml = readFileSync(new URL('../test/e2e/fixtures/two-group.xml', import.meta.url), 'utf8');
  const res = await fetch(`${api}/deployments/shop`, { method: 'POST', body: xml, headers: { 'content-type': 'application/xml' } });
  if (res.status !== 201) throw new Error(`deploy: HTTP ${res.status} ${await res.text()}`);
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if ((await (await fetch(`${api}/deployments/shop`)).text()).includes('SERVICE_ACTIVE_STATE')) return;
  }
  throw new Error('deploy: shop never reached SERVICE_ACTIVE_STATE');
}

interface BareServer {
  port: number;
  pid: number;
  close(): Promise<void>;
}

/** `script` (a server in `bench/` printing its port) in its own process group, whose id is its pid as the manager's; added to `started` at once, so it is closed even if it never answers. */
async function startBareServer(started: BareServer[], script: string, args: string[]): Promise<BareServer> {
  const child = spawn(process.execPath, [new URL(`./${script}`, import.meta.url).pathname, ...args], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  const server = {
    port: 0,
    pid: child.pid!,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
  started.push(server);
  const [line] = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next().then((r) => [r.value as string | undefined]);
  if (!line) throw new Error(`${script} did not start`);
  server.port = Number(line);
  return server;
}
