/**
 * Benchmark 5: the snapshot list (SNAP-8) at 10,000 snapshots — 10 tenants × 100 VMs × 10
 * snapshots, seeded straight into the store — read over REST as a client would: every snapshot, one
 * tenant's (`internalTenantId`, 1,000) and one VM's (`generatedVMName`, 10), in XML and in JSON.
 * The filters run in the store (indexed), so a narrow read should cost a small fraction of the
 * whole list; the table shows both side by side.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startManager } from '../src/app/manager.ts';
import type { Snapshot } from '../src/domain/snapshot.ts';
import { vimLiveness } from '../src/monitor/liveness.ts';
import { fastPolling } from '../test/support/manager.ts';
import { startBenchVim } from './harness.ts';
import { fmt, percentile, printTable } from './stats.ts';

const tenants = 10;
const vmsPerTenant = 100;
const snapshotsPerVm = 10;

function snapshot(tenant: number, vm: number, n: number): Snapshot {
  const at = new Date(Date.UTC(2026, 10, 1, 0, 0, n)).toISOString();
  return {
    id: randomUUID(),
    name: `nightly-${n}`,
    status: 'available',
    statusMessage: `Snapshot image for VM [dep${tenant}_g_${vm}] is active.`,
    creationStart: at,
    creationEnd: at,
    operationId: randomUUID(),
    tenant: `tenant${tenant}`,
    vimProjectId: `project${tenant}`,
    vimProject: `tenant${tenant}`,
    deploymentName: `dep${tenant}`,
    deploymentId: `dep-id-${tenant}`,
    vmGroup: 'g',
    vmName: `dep${tenant}_g_${vm}`,
    vimVmName: `dep${tenant}_g_${vm}`,
    vmId: `vm-${tenant}-${vm}`,
    serverId: randomUUID(),
    vimConnector: 'default_openstack_vim',
    imageId: randomUUID(),
    volumeSnapshots: n % 2 ? [{ id: randomUUID(), volumeId: randomUUID(), name: `snapshot for nightly-${n}` }] : [],
  };
}

async function timeGets(url: string, accept: string, times: number): Promise<{ p50: number; p99: number; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let k = 0; k < times; k++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { accept } });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
    ms.push(performance.now() - t0);
    bytes = body.byteLength;
  }
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), bytes };
}

export async function benchSnapshotList(opts: { repeats: number }): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openvnfm-bench-'));
  const vim = await startBenchVim();
  const manager = await startManager({ logger: false, vim: vim.driver, liveness: vimLiveness, settings: { ...fastPolling, 'data.dir': dataDir } });
  try {
    const seeded = performance.now();
    await manager.store.transaction(async (tx) => {
      for (let t = 0; t < tenants; t++)
        for (let v = 0; v < vmsPerTenant; v++) for (let n = 0; n < snapshotsPerVm; n++) await tx.putSnapshot(snapshot(t, v, n));
    });
    const seedSecs = (performance.now() - seeded) / 1000;
    const api = `${manager.url}/ESCManager/v0/snapshots`;
    const reads = [
      { label: 'all 10,000', query: '', repeats: Math.max(3, Math.round(opts.repeats / 10)) },
      { label: 'one tenant (1,000)', query: '?internalTenantId=tenant3', repeats: opts.repeats },
      { label: 'one VM (10)', query: '?generatedVMName=dep3_g_42', repeats: opts.repeats },
    ];
    const rows: string[][] = [];
    for (const r of reads)
      for (const [format, accept] of [['XML', 'application/xml'], ['JSON', 'application/json']] as const) {
        await timeGets(`${api}${r.query}`, accept, 2); // warm-up
        const t = await timeGets(`${api}${r.query}`, accept, r.repeats);
        rows.push([r.label, format, String(r.repeats), String(t.bytes), fmt(t.p50, 2), fmt(t.p99, 2)]);
      }
    printTable(
      `5. GET /ESCManager/v0/snapshots with ${tenants * vmsPerTenant * snapshotsPerVm} snapshots in the store (one client, sequential)`,
      ['read', 'format', 'requests', 'bytes', 'p50 ms', 'p99 ms'],
      rows,
      [`seeded in ${fmt(seedSecs, 1)} s (one transaction); filters run in SQLite on indexed columns; SQLite in the temp folder`],
    );
  } finally {
    await manager.close();
    await vim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
