/**
 * Benchmarks 1 and 1b's orchestrator, run as a process of its own (`fork`ed by `one-vm-deploys.ts`
 * with the manager's deployments URL): it sends the deploys and undeploys it is told over IPC, with
 * its callback listener, and answers each batch with the REST answer → completion callback time of
 * every operation and its own CPU. In the manager's process its HTTP client and listener would take
 * the manager's event loop; an orchestrator is another process.
 */
import { Agent, request } from 'undici';
import { oneVmDeployment, type BatchResult, type OperationBatch } from './operation-batch.ts';
import { startCallbackSink } from './harness.ts';
import { runBounded } from './stats.ts';

const [api] = process.argv.slice(2);
if (!api || !process.send) throw new Error('usage: fork operation-client.ts with the deployments URL');
const sink = await startCallbackSink();
const dispatcher = new Agent({ connections: 64 });

/** One deploy (POST) or undeploy (DELETE): ms from its REST answer to its completion callback. */
async function operate(method: 'POST' | 'DELETE', name: string, failures: string[]): Promise<number> {
  const res = await request(`${api}/${name}`, {
    method,
    dispatcher,
    body: method === 'POST' ? oneVmDeployment(name) : undefined,
    headers: { 'content-type': 'application/xml', callback: sink.url },
  });
  const accepted = performance.now();
  await res.body.dump();
  const txn = res.headers['esc-transaction-id'];
  if (res.statusCode >= 300 || typeof txn !== 'string') throw new Error(`${method} ${name}: HTTP ${res.statusCode}`);
  const done = await sink.completion(txn);
  if (done.status !== '200') failures.push(`${method} ${name}: ${done.status}`);
  return done.at - accepted;
}

process.on('message', (batch: OperationBatch | 'close') => {
  if (batch === 'close') {
    void Promise.all([dispatcher.close(), sink.close()]).then(() => process.disconnect());
    return;
  }
  void (async () => {
    const overheads: number[] = new Array(batch.ops.length);
    const failures: string[] = [];
    const cpu = process.cpuUsage();
    await runBounded(batch.ops.length, batch.concurrency, async (i) => {
      const [method, name] = batch.ops[i]!;
      overheads[i] = await operate(method, name, failures);
    });
    const used = process.cpuUsage(cpu);
    const result: BatchResult = { overheads, failures, cpuMs: (used.user + used.system) / 1000 };
    process.send!(result);
  })().catch((err: unknown) => process.send!({ error: String(err) }));
});
process.send({ ready: true });
