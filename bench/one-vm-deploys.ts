/**
 * What benchmarks 1 and 1b share: a manager on the zero-latency benchmark VIM (`harness.ts`) with
 * its data folder under a given root, the one-VM deployment they send, and one operation timed
 * from its REST answer to its completion callback (the manager's own overhead: the VIM answers in
 * process with zero durations).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startManager } from '../src/app/manager.ts';
import { vimLiveness } from '../src/monitor/liveness.ts';
import { BENCH_NETWORK, startBenchVim, startCallbackSink } from './harness.ts';

export function oneVmDeployment(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>bench</name><deployments><deployment>
<name>${name}</name>
<vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>120</bootup_time><recovery_wait_time>10</recovery_wait_time>
<interfaces><interface><nicid>0</nicid><network>${BENCH_NETWORK}</network></interface></interfaces>
<scaling><min_active>1</min_active><max_active>1</max_active></scaling></vm_group>
</deployment></deployments></tenant></tenants></esc_datamodel>`;
}

export interface BenchManager {
  /** Deploys (POST) or undeploys (DELETE) `name`; resolves with REST answer → callback ms. */
  operate(method: 'POST' | 'DELETE', name: string): Promise<number>;
  /** Completions that did not report 200. */
  failures: string[];
  close(): Promise<void>;
}

/** A manager with `settings` (ports and data folder added) on the zero-latency VIM, data under `dataRoot`. */
export async function startBenchManager(opts: { dataRoot: string; settings: Record<string, string> }): Promise<BenchManager> {
  const dataDir = mkdtempSync(join(opts.dataRoot, 'openvnfm-bench-'));
  const sink = await startCallbackSink();
  const vim = await startBenchVim();
  const manager = await startManager({
    logger: false,
    vim: vim.driver,
    liveness: vimLiveness,
    settings: { 'server.port': '0', 'netconf.port': '0', ...opts.settings, 'data.dir': dataDir },
  });
  const api = `${manager.url}/ESCManager/v0/deployments`;
  const failures: string[] = [];
  return {
    failures,
    async operate(method, name) {
      const res = await fetch(`${api}/${name}`, {
        method,
        body: method === 'POST' ? oneVmDeployment(name) : undefined,
        headers: { 'content-type': 'application/xml', callback: sink.url },
      });
      const accepted = performance.now();
      await res.arrayBuffer();
      const txn = res.headers.get('esc-transaction-id');
      if (!res.ok || !txn) throw new Error(`${method} ${name}: HTTP ${res.status}`);
      const done = await sink.completion(txn);
      if (done.status !== '200') failures.push(`${method} ${name}: ${done.status}`);
      return done.at - accepted;
    },
    async close() {
      await manager.close();
      await vim.close();
      await sink.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
