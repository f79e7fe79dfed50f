/**
 * The performance issue's table (issue 14), and issue 15's several-manager rows, as measured in this run: each row's "now" beside its goal
 * and what it was compared against, built from the figures the benchmarks return. A row whose
 * benchmark was not selected (`BENCH_ONLY`) says so; the real-cloud row is `npm run bench:openstack-real`'s.
 */
import type { DeployOverheadFigure } from './deploy-overhead.ts';
import type { DeployUndeployFigure } from './deploy-undeploy.ts';
import type { HaClusterFigures } from './ha-cluster.ts';
import type { RestGetFigures, RestGetRow } from './rest-get.ts';
import type { ReadmeExampleFigures } from './readme-example.ts';
import type { ScaleFigures } from './scale.ts';
import type { ServiceOpsFigures } from './service-ops.ts';
import { fmt, printTable } from './stats.ts';

export interface RunFigures {
  deployUndeploy?: DeployUndeployFigure[];
  overhead?: DeployOverheadFigure;
  rest?: RestGetFigures;
  serviceOps?: ServiceOpsFigures;
  readme?: ReadmeExampleFigures;
  scale?: ScaleFigures;
  /** Undefined also when no PostgreSQL answered. */
  ha?: HaClusterFigures;
}

type Row = [what: string, now: string, goal: string, against: string];

const notRun = 'not run (BENCH_ONLY)';
const haNotRun = 'not run (BENCH_ONLY, or no PostgreSQL)';
const pct = (ratio: number) => `${fmt(ratio * 100, 0)} %`;
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

function restRow(what: string, r: RestGetRow | undefined, goal: number): Row {
  if (!r) return [what, notRun, `>= ${pct(goal)}`, 'bare node:http'];
  const reqs = `${fmt(r.manager[0].rps, 0)}/${fmt(r.manager[1].rps, 0)} vs ${fmt(r.bare.rps, 0)} req/s`;
  const floor = `bare fastify ${pct(r.fastify.rps / r.bare.rps)}`;
  return [what, `${pct(r.ratio)} (CPU/request ${pct(r.cpuRatio)}) ${met(r.ratio >= goal)}`, `>= ${pct(goal)}`, `bare node:http, wrk -c32: ${reqs}; ${floor}`];
}

function rows(f: RunFigures): Row[] {
  const place = (label: string) => f.deployUndeploy?.find((d) => d.place === label);
  const tmpfs = place('tmpfs');
  const disk = place('disk');
  const scale = f.scale;
  const ha = f.ha;
  const haOps = (label: string) => fmt(ha?.opsPerSec[label] ?? NaN, 0);
  return [
    ['10 VMs to SERVICE_ACTIVE_STATE on the real OpenStack', 'npm run bench:openstack-real', '<= 1.1x', 'Nova driven directly'],
    restRow('REST GET /tenants (JSON, 3 tenants)', f.rest?.tenants, f.rest?.goal ?? 0.6),
    restRow('REST GET /deployments/{id} (opdata XML)', f.rest?.deployment, f.rest?.goal ?? 0.6),
    [
      'deploy+undeploy of one-VM deployments, 50 in flight, tmpfs / disk',
      tmpfs && disk ? `${fmt(tmpfs.opsPerSec, 0)} / ${fmt(disk.opsPerSec, 0)} ops/s ${met(tmpfs.opsPerSec >= 1000 && disk.opsPerSec >= 500)}` : notRun,
      '>= 1,000 / >= 500',
      tmpfs ? `${tmpfs.deployments} deployments each; on tmpfs the manager's loop ${fmt(tmpfs.loopMsPerOp, 2)} ms/op, SQLite ${fmt(tmpfs.storeMsPerOp, 2)} of it; ${fmt(tmpfs.cpuMsPerOp, 2)} CPU ms/op (client apart)` : '',
    ],
    [
      'manager overhead per deploy, 1 in flight, defaults',
      f.overhead ? `p50 ${fmt(f.overhead.p50Ms)} ms, p99 ${fmt(f.overhead.p99Ms)} ms ${met(f.overhead.p50Ms <= 5 && f.overhead.p99Ms <= 20)}` : notRun,
      'p50 <= 5 ms, p99 <= 20 ms',
      'REST answer -> completion callback, zero-latency VIM',
    ],
    [
      'service stop / start, 100 deployments x 5 VMs',
      f.serviceOps ? `${fmt(f.serviceOps.stopVmOpsPerS, 0)} / ${fmt(f.serviceOps.startVmOpsPerS, 0)} VM ops/s ${met(Math.min(f.serviceOps.stopVmOpsPerS, f.serviceOps.startVmOpsPerS) >= 1000)}` : notRun,
      '>= 1,000',
      'zero-latency VIM',
    ],
    [
      "README's 2-group example, defaults, POST -> SERVICE_ALIVE",
      f.readme ? `${fmt(f.readme.defaultMedianS, 2)} s ${met(f.readme.defaultMedianS <= 3)}` : notRun,
      '<= 3 s',
      f.readme ? `${fmt(f.readme.fastPollMedianS, 2)} s with polls costing nothing` : '',
    ],
    [
      `${scale ? scale.vms.toLocaleString('en') : '10,000'} VMs under management: RSS, restart to ready, GET /deployments?limit=100 p99`,
      scale
        ? `${fmt(scale.rssMiB, 0)} MiB, ${fmt(scale.restartMs / 1000, 2)} s (+${fmt(scale.moduleLoadMs / 1000, 2)} s module load), ${fmt(scale.listFirstPageP99Ms)} ms ${met(scale.rssMiB < 1024 && scale.restartMs + scale.moduleLoadMs < 5000 && scale.listFirstPageP99Ms < 20)}`
        : notRun,
      '< 1 GB, < 5 s, < 20 ms',
      'zero-latency VIM, monitor watching every VM',
    ],
    [
      'issue 15: deploy+undeploy, SQLite x1 / PostgreSQL x1 / x2 / x3 managers',
      ha ? `${haOps('sqlite x1')} / ${haOps('postgres x1')} / ${haOps('postgres x2')} / ${haOps('postgres x3')} ops/s` : haNotRun,
      'reported',
      'manager processes and a standalone emulator on this machine',
    ],
    [
      'issue 15: takeover, SIGKILL -> first step by the new owner',
      ha ? `p50 ${fmt(ha.takeoverP50Ms / 1000, 2)} s, p99 ${fmt(ha.takeoverP99Ms / 1000, 2)} s ${met(ha.takeoverP99Ms <= 6000)}` : haNotRun,
      '<= 6 s (lease 5 s + heartbeat 1 s)',
      ha ? `${ha.kills} kills, two managers` : '',
    ],
  ];
}

export function printSummary(f: RunFigures): void {
  printTable('Issue 14: the performance table as measured in this run', ['what', 'now', 'goal', 'measured against'], rows(f));
}
