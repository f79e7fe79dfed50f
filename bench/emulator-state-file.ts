/**
 * Benchmark 11 (issue 14): the emulator's state file under mutating requests, at 10 and at 5,000
 * servers. The emulator runs over HTTP with a state file in the temp folder (disk, one fsync per
 * save); one client sends `POST /servers/{id}/metadata` back to back for a fixed time, so each
 * request waits for its own save. Beside it, in the same run and on the same state, the write the
 * emulator made per mutating request before its change log: the whole state, written atomically.
 * The cloud is grown by copying one real server record under new ids into the snapshot.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../emulator/state/atomic-write.ts';
import { readState } from '../emulator/state/persistence.ts';
import { bootServer, testCloud } from '../emulator/testing/client.ts';
import { fmt, printTable } from './stats.ts';

interface SizeResult {
  servers: number;
  stateMiB: number;
  requestsPerSec: number;
  wholeWritesPerSec: number;
}

/** A state file holding `servers` servers (one booted, the rest copies of it); returns the booted id. */
async function grownStateFile(stateFile: string, servers: number): Promise<string> {
  const cloud = await testCloud({ stateFile, timeScale: 0 });
  const booted = await bootServer(cloud, 'bench-0');
  await cloud.waitFor(`/compute/v2.1/servers/${booted.server.id}`, (b) => b.server.status, 'ACTIVE');
  await cloud.close();
  const state = readState(stateFile)!;
  const template = state.servers[booted.server.id]!;
  for (let i = 1; i < servers; i++) {
    const id = randomUUID();
    state.servers[id] = { ...structuredClone(template), id, name: `bench-${i}` };
  }
  writeFileAtomic(stateFile, JSON.stringify(state));
  return booted.server.id as string;
}

/** Runs `once` back to back for `ms`; returns how many per second. */
async function rate(ms: number, once: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    await once();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

async function measure(servers: number, durationMs: number): Promise<SizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'openvnfm-bench-emu-'));
  try {
    const stateFile = join(dir, 'state.json');
    const id = await grownStateFile(stateFile, servers);
    const cloud = await testCloud({ stateFile, timeScale: 0 });
    let k = 0;
    const requestsPerSec = await rate(durationMs, async () => {
      const res = await cloud.call('POST', `/compute/v2.1/servers/${id}/metadata`, { metadata: { n: String(k++) } });
      if (res.status !== 200) throw new Error(`metadata: HTTP ${res.status}`);
    });
    await cloud.close();
    const state = readState(stateFile);
    const stateMiB = JSON.stringify(state).length / 1024 / 1024;
    const wholeWritesPerSec = await rate(durationMs, () => writeFileAtomic(join(dir, 'whole.json'), JSON.stringify(state)));
    return { servers, stateMiB, requestsPerSec, wholeWritesPerSec };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchEmulatorStateFile(opts: { sizes: number[]; durationMs: number }): Promise<void> {
  const results: SizeResult[] = [];
  for (const servers of opts.sizes) results.push(await measure(servers, opts.durationMs));
  printTable(
    '11. Emulator state file: mutating requests per second (POST server metadata, 1 in flight, state file on the temp folder)',
    ['servers', 'state MiB', 'requests/s (change log)', 'whole-state writes/s (before)'],
    results.map((r) => [String(r.servers), fmt(r.stateMiB, 2), fmt(r.requestsPerSec), fmt(r.wholeWritesPerSec)]),
    [
      'change log: each save appends and fsyncs the changed records only; the snapshot is rewritten when the log outgrows it',
      'whole-state writes/s: the write the emulator made per mutating request before (stringify the state, write temp, fsync, rename, fsync the folder), on the same state, the ceiling of its request rate',
      `each figure measured for ${opts.durationMs} ms, sizes one after the other in this run`,
    ],
  );
}
