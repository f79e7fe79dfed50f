/**
 * Benchmark 2: REST read throughput. N keep-alive clients (Node's fetch, whose undici dispatcher
 * keeps connections alive) GET one deployed deployment's opdata XML for a fixed time; the same
 * clients then hit a bare `node:http` server answering the identical bytes, so the ratio isolates
 * what the manager's routing, store read and rendering cost per request.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startManager, type Manager } from '../src/app/manager.ts';
import { vimLiveness } from '../src/monitor/liveness.ts';
import { fastPolling } from '../test/support/manager.ts';
import { startBenchVim } from './harness.ts';
import { closedLoop, fmt, printTable, type LoadResult } from './stats.ts';

/** N clients loop GET `url` for `durationMs`; every answer must be 200 with `expectBytes` bytes. */
export function load(url: string, opts: { clients: number; durationMs: number; expectBytes: number }): Promise<LoadResult> {
  return closedLoop(opts, async () => {
    const res = await fetch(url);
    const body = await res.arrayBuffer();
    return res.status === 200 && body.byteLength === opts.expectBytes;
  });
}

/** Deploys the 2-group fixture as `shop` and waits until it is active; answers its opdata XML. */
export async function deployOne(api: string, xml: string): Promise<Uint8Array> {
  const res = await fetch(`${api}/deployments/shop`, { method: 'POST', body: xml, headers: { 'content-type': 'application/xml' } });
  if (res.status !== 201) throw new Error(`deploy: HTTP ${res.status} ${await res.text()}`);
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const body = new Uint8Array(await (await fetch(`${api}/deployments/shop`)).arrayBuffer());
    if (Buffer.from(body).includes('SERVICE_ACTIVE_STATE')) return body;
  }
  throw new Error('deploy: shop never reached SERVICE_ACTIVE_STATE');
}

/** A manager on the bench VIM with the 2-group fixture deployed as `shop` (3 VMs): its API, opdata XML and a close. */
export async function startShop(settings: Record<string, string> = {}): Promise<{ manager: Manager; api: string; opdata: Uint8Array; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openvnfm-bench-'));
  const xml = readFileSync(new URL('../test/e2e/fixtures/two-group.xml', import.meta.url), 'utf8');
  const vim = await startBenchVim();
  const manager = await startManager({ logger: false, vim: vim.driver, liveness: vimLiveness, settings: { ...fastPolling, ...settings, 'data.dir': dataDir } });
  const close = async () => {
    await manager.close();
    await vim.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const api = `${manager.url}/ESCManager/v0`;
  try {
    return { manager, api, opdata: await deployOne(api, xml), close };
  } catch (err) {
    await close();
    throw err;
  }
}

export async function benchRestGet(opts: { clients: number; durationMs: number }): Promise<void> {
  const { api, opdata: body, close } = await startShop();
  const bare = createServer();
  try {
    const contentType = (await fetch(`${api}/deployments/shop`)).headers.get('content-type') ?? 'application/xml';
    bare.on('request', (_req, res) => res.writeHead(200, { 'content-type': contentType, 'content-length': body.byteLength }).end(body));
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/ESCManager/v0/deployments/shop`;
    const shape = { clients: opts.clients, durationMs: opts.durationMs, expectBytes: body.byteLength };
    await load(bareUrl, { ...shape, durationMs: 500 }); // warm-up: JIT and connections
    await load(`${api}/deployments/shop`, { ...shape, durationMs: 500 });
    const viaManager = await load(`${api}/deployments/shop`, shape);
    const viaBare = await load(bareUrl, shape);
    const row = (label: string, r: typeof viaManager) => [label, String(r.requests), fmt(r.rps, 0), fmt(r.p50, 2), fmt(r.p99, 2), String(r.errors)];
    printTable(
      `2. REST GET /ESCManager/v0/deployments/shop (opdata XML, ${body.byteLength} bytes), ${opts.clients} keep-alive clients x ${opts.durationMs / 1000} s each`,
      ['server', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
      [row('openvnfm manager', viaManager), row('bare node:http, same bytes', viaBare)],
      [
        `manager / bare throughput ratio: ${fmt(viaManager.rps / viaBare.rps, 3)} (bare is ${fmt(viaBare.rps / viaManager.rps, 1)}x faster)`,
        'client: Node fetch (undici, keep-alive) in the same process as both servers; 0.5 s warm-up each first; the 2-group fixture deployment (3 VMs)',
      ],
    );
  } finally {
    await new Promise<void>((r) => bare.close(() => r()));
    await close();
  }
}
