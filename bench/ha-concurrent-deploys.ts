/**
 * Issue 15 item 2, measured: BENCH_HA_DEPLOYS (60) one-VM deploys sent at once, half to each of two
 * managers (`vnfm serve` children) on one fresh PostgreSQL database and a standalone emulator, then
 * as many undeploys at once. Every write of a run is fenced by its lease (a lease row read FOR
 * SHARE in the write's transaction); the table shows whether any operation failed, and how many
 * times the managers logged a serialization failure (40001) that exhausted a transaction's re-runs.
 * Run on its own: `node bench/ha-concurrent-deploys.ts` (needs the local PostgreSQL).
 */
import { HttpReceiver } from '../src/events/testing/http-receiver.ts';
import { testDatabase } from '../src/store/postgres/testing/test-database.ts';
import { Cluster } from '../test/support/cluster.ts';
import { eventually } from '../test/support/manager.ts';
import { oneVmDeployment } from '../test/support/one-vm-deployment.ts';
import { StandaloneEmulator } from '../test/support/standalone-emulator.ts';
import { fmt } from './stats.ts';

const count = Number(process.env.BENCH_HA_DEPLOYS ?? 60);
const { db, skip } = await testDatabase();
if (!db) {
  console.log(`ha-concurrent-deploys skipped: ${skip}`);
  process.exit(0);
}
const emulator = await StandaloneEmulator.start();
const receiver = await HttpReceiver.start();
const cluster = await Cluster.start({ size: 2, databaseUrl: db.url, emulator });
try {
  const rows: string[][] = [];
  for (const method of ['POST', 'DELETE'] as const) {
    const started = performance.now();
    const txns = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const res = await fetch(`${cluster.api(i % 2)}/deployments/ha${i}`, {
          method,
          headers: method === 'POST' ? { 'content-type': 'application/xml', callback: receiver.url('/done') } : { callback: receiver.url('/done') },
          body: method === 'POST' ? oneVmDeployment({ tenant: 'hab', name: `ha${i}` }) : undefined,
        });
        if (!res.ok) throw new Error(`${method} ha${i}: ${res.status} ${await res.text()}`);
        return res.headers.get('esc-transaction-id')!;
      }),
    );
    const done = await Promise.all(
      txns.map((txn) => eventually(() => receiver.requests.find((r) => r.path === '/done' && r.headers['esc-transaction-id'] === txn), 300_000, `completion of ${txn}`)),
    );
    const secs = (performance.now() - started) / 1000;
    const failed = done.filter((r) => r.headers['esc-status-code'] !== '200').length;
    rows.push([method === 'POST' ? 'deploy' : 'undeploy', String(count), fmt(secs, 1), fmt(count / secs, 1), String(failed)]);
  }
  const logs = cluster.nodes.map((n) => n.output).join('\n');
  const exhausted = (logs.match(/could not serialize access/g) ?? []).length;
  console.log(`\nHA: ${count} operations at once on 2 managers, one PostgreSQL (fenced writes)`);
  console.log('| operation | count | seconds | ops/s | failed |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`serialization failures (40001) logged after the re-runs were spent: ${exhausted}`);
} finally {
  await cluster.dispose(true);
  await emulator.dispose(true);
  await receiver.close();
  await db.drop();
}
