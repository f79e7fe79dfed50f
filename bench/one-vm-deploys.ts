/**
 * What benchmarks 1 and 1b share: a manager on the zero-latency benchmark VIM (`harness.ts`) with
 * its data folder under a given root, and its orchestrator in a process of its own
 * (`operation-client.ts`) timing each operation from its REST answer to its completion callback
 * (the manager's own overhead: the VIM answers in process with zero durations).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startManager } from '../src/app/manager.ts';
import { vimLiveness } from '../src/monitor/liveness.ts';
import { startBenchVim } from './harness.ts';
import type { BatchResult, OperationBatch } from './operation-batch.ts';
import type { StoreTiming } from '../src/store/store-timing.ts';

export interface BenchManager {
  /** Sends `batch` from the client process; resolves once every completion callback arrived. */
  run(batch: OperationBatch): Promise<BatchResult>;
  /** Completions that did not report 200, over every batch. */
  failures: string[];
  /** The manager's time in its database, counted by its store. */
  storeTiming: StoreTiming;
  close(): Promise<void>;
}

/**
 * A manager with `settings` (ports and data folder added) on the zero-latency VIM in this process,
 * data under `dataRoot`; its orchestrator is `operation-client.ts` in a process of its own.
 */
export async function startBenchManager(opts: { dataRoot: string; settings: Record<string, string> }): Promise<BenchManager> {
  const dataDir = mkdtempSync(join(opts.dataRoot, 'openvnfm-bench-'));
  const vim = await startBenchVim();
  const manager = await startManager({
    logger: false,
    vim: vim.driver,
    liveness: vimLiveness,
    settings: { 'server.port': '0', 'netconf.port': '0', ...opts.settings, 'data.dir': dataDir },
  });
  const client = fork(fileURLToPath(new URL('./operation-client.ts', import.meta.url)), [`${manager.url}/ESCManager/v0/deployments`]);
  await answerOf(client);
  const failures: string[] = [];
  return {
    failures,
    storeTiming: manager.storeTiming,
    async run(batch) {
      client.send(batch);
      const result = await answerOf<BatchResult>(client);
      failures.push(...result.failures);
      return result;
    },
    async close() {
      client.send('close');
      await once(client, 'exit');
      await manager.close();
      await vim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The client's next message; its error, or its exit before answering, rejects. */
async function answerOf<T>(client: ChildProcess): Promise<T> {
  const [message] = (await Promise.race([once(client, 'message'), once(client, 'exit').then(([code]) => Promise.reject(new Error(`operation client exited (${code})`)))])) as [T | { error: string }];
  if (message && typeof message === 'object' && 'error' in message) throw new Error(`operation client: ${message.error}`);
  return message as T;
}
