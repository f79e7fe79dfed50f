/**
 * Benchmark 10 (issue 14): the README's 2-group example (`test/e2e/fixtures/two-group.xml`: a db VM
 * with a volume, then two web VMs after it) deployed on a manager with its embedded emulator (real
 * VIM HTTP, the emulator's default durations), from the POST to the SERVICE_ALIVE completion
 * callback. Default settings beside the same deployment with every poll interval at POLL_SECS, in
 * one run and interleaved: the second is what the cloud and the manager need when polling costs
 * nothing, so the difference is what the wait schedule adds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startManager } from '../src/app/manager.ts';
import { benchPolling, POLL_SECS, startCallbackSink } from './harness.ts';
import { fmt, percentile, printTable } from './stats.ts';

const EXAMPLE = readFileSync(new URL('../test/e2e/fixtures/two-group.xml', import.meta.url), 'utf8');
/** Ephemeral ports, nothing else changed from the defaults. */
const DEFAULTS = { 'server.port': '0', 'netconf.port': '0', 'emulator.port': '0' };
const GOAL = 'p50 <= 3 s';

/** One fresh manager and emulator; returns POST sent -> SERVICE_ALIVE callback received, in ms. */
async function deployOnce(settings: Record<string, string>): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openvnfm-bench-'));
  const sink = await startCallbackSink();
  const manager = await startManager({ logger: false, settings: { ...settings, 'data.dir': dataDir } });
  try {
    const start = performance.now();
    const res = await fetch(`${manager.url}/ESCManager/v0/deployments/shop`, {
      method: 'POST',
      body: EXAMPLE,
      headers: { 'content-type': 'application/xml', callback: sink.url },
    });
    await res.arrayBuffer();
    const txn = res.headers.get('esc-transaction-id');
    if (!res.ok || !txn) throw new Error(`POST shop: HTTP ${res.status}`);
    const done = await sink.completion(txn);
    if (done.status !== '200') throw new Error(`deploy shop completed with ${done.status}`);
    return done.at - start;
  } finally {
    await manager.close();
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Medians in seconds: default settings, and every poll at POLL_SECS. */
export interface ReadmeExampleFigures {
  defaultMedianS: number;
  fastPollMedianS: number;
}

export async function benchReadmeExample(opts: { runs: number }): Promise<ReadmeExampleFigures> {
  const runs = [
    { label: 'default settings', settings: DEFAULTS, samples: [] as number[] },
    { label: `every poll.secs ${POLL_SECS}`, settings: { ...benchPolling(), ...DEFAULTS }, samples: [] as number[] },
  ];
  for (let i = 0; i < opts.runs; i++) for (const r of runs) r.samples.push(await deployOnce(r.settings));
  printTable(
    '10. README 2-group example (one VM with a volume, then two), embedded emulator over HTTP, POST -> SERVICE_ALIVE callback',
    ['settings', 'runs', 'median s', 'min s', 'max s', 'goal'],
    runs.map((r) => [r.label, String(r.samples.length), fmt(percentile(r.samples, 50) / 1000, 2), fmt(Math.min(...r.samples) / 1000, 2), fmt(Math.max(...r.samples) / 1000, 2), r.settings === DEFAULTS ? GOAL : 'comparison']),
    [
      'each wait checks at once, then after min(0.5 s, poll.secs), doubling its gap up to poll.secs (volume.create polls at most every 15 s by default)',
      `the poll.secs ${POLL_SECS} row is the same deployment when polling costs no wait: the emulator's default durations plus the manager's work`,
      'runs interleaved, one fresh manager, emulator and data folder each',
    ],
  );
  return { defaultMedianS: percentile(runs[0]!.samples, 50) / 1000, fastPollMedianS: percentile(runs[1]!.samples, 50) / 1000 };
}
