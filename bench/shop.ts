/**
 * An in-process manager on the zero-latency bench VIM with the 2-group fixture deployed as `shop`
 * (3 VMs), and a closed-loop REST GET load over Node's fetch: what the NETCONF benchmarks measure
 * REST against in the same process. (Benchmark 2 runs the manager as its own process instead.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startManager, type Manager } from '../src/app/manager.ts';
import { vimLiveness } from '../src/monitor/liveness.ts';
import { fastPolling } from '../test/support/manager.ts';
import { startBenchVim } from './harness.ts';
import { closedLoop, type LoadResult } from './stats.ts';

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
