/**
 * Benchmark 1b: the manager's overhead per deploy with DEFAULT settings (no shortened polling), one
 * deploy in flight, data on tmpfs: REST answer -> completion callback of a one-VM deployment on the
 * zero-latency benchmark VIM. With the VIM answering at once, every millisecond here is the
 * manager's (and the in-process emulator's): steps, store writes, the wait schedule (a wait checks
 * at once, issue 14), outbox delivery. Each deployment is undeployed before the next deploy, so
 * every deploy meets the same, small database.
 */
import { startBenchManager } from './one-vm-deploys.ts';
import type { OperationBatch } from './operation-batch.ts';
import { fmt, percentile, printTable } from './stats.ts';

export interface DeployOverheadFigure {
  deploys: number;
  p50Ms: number;
  p99Ms: number;
  undeployP50Ms: number;
  undeployP99Ms: number;
  failures: number;
}

export async function benchDeployOverhead(opts: { count: number; dataRoot: string; dataLabel: string }): Promise<DeployOverheadFigure> {
  const bench = await startBenchManager({ dataRoot: opts.dataRoot, settings: {} });
  // One at a time, each deployment undeployed before the next deploy: POST, DELETE, POST, ...
  const ops = Array.from({ length: opts.count }, (_, i): OperationBatch['ops'] => [['POST', `overhead-${i}`], ['DELETE', `overhead-${i}`]]).flat();
  const { overheads } = await bench.run({ ops, concurrency: 1 }).finally(() => bench.close());
  const deploys = overheads.filter((_, i) => i % 2 === 0);
  const undeploys = overheads.filter((_, i) => i % 2 === 1);
  const figure: DeployOverheadFigure = {
    deploys: deploys.length,
    p50Ms: percentile(deploys, 50),
    p99Ms: percentile(deploys, 99),
    undeployP50Ms: percentile(undeploys, 50),
    undeployP99Ms: percentile(undeploys, 99),
    failures: bench.failures.length,
  };
  printTable(
    `1b. Manager overhead per operation, 1 in flight, default settings, data on ${opts.dataLabel}, zero-latency VIM (goal: deploy p50 <= 5 ms, p99 <= 20 ms)`,
    ['operation', 'count', 'p50 ms', 'p99 ms', 'max ms'],
    [
      ['deploy', String(deploys.length), fmt(figure.p50Ms, 2), fmt(figure.p99Ms, 2), fmt(percentile(deploys, 100), 2)],
      ['undeploy', String(undeploys.length), fmt(figure.undeployP50Ms, 2), fmt(figure.undeployP99Ms, 2), fmt(percentile(undeploys, 100), 2)],
    ],
    [
      'REST answer received -> completion callback received; default vim.asyncpoller.* (server waits check at once, then after 0.5 s, doubling to poll.secs)',
      `failed completions ${figure.failures}; the manager and the emulator share a process, the REST client and callback receiver another`,
    ],
  );
  return figure;
}
