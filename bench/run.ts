/**
 * `npm run bench`: runs every benchmark in turn and prints one table each. Every benchmark drives
 * the same zero-latency VIM: the real OpenStack driver over the emulator's state machines in
 * process (no VIM HTTP, no state file; `harness.ts`). Sizes are chosen so the whole run stays
 * within a few minutes on a 2-core machine. Benchmark 1 runs its 1,000 deployments with the SQLite
 * file on tmpfs (/dev/shm, when present) so the figure is the manager's own work, and as many on
 * the disk temp folder to show what the group commit's fsyncs cost, and a batch on the local
 * PostgreSQL (issue 15; skipped with a note when none answers); BENCH_DEPLOYS, BENCH_DISK_DEPLOYS
 * and BENCH_POSTGRES_DEPLOYS resize them. Benchmark 1b times one deploy at a time with default settings
 * (BENCH_OVERHEAD_DEPLOYS of them, on tmpfs): the manager's overhead per deploy. Benchmarks 2 and 12 are the exceptions to the in-process VIM: in 2 the manager
 * runs as `npm start` (embedded emulator) beside bare node:http processes, loaded by `wrk`; 12's VIM is the
 * standalone emulator process.
 * Benchmark 4 (service stop/start of 5-VM deployments) also keeps
 * its data on tmpfs; BENCH_SERVICE_DEPLOYMENTS resizes it. Benchmark 5 reads the snapshot list at
 * 10,000 snapshots (BENCH_SNAPSHOT_LIST_REPEATS requests per narrow read). Benchmarks 6–8 are
 * NETCONF's: `get` beside REST GET over one session, accepted serviceAction STOPs beside REST's
 * (BENCH_NETCONF_DEPLOYMENTS per row) and escEvent fan-out to 1 and 50 subscribers
 * (BENCH_FANOUT_DEPLOYMENTS deployments of 5 VMs stopped per row). Benchmark 9 is monitoring's
 * steady-state cost with BENCH_MONITORED_VMS (10,000) watched VMs in a real manager, and the time
 * from a guest failing to VM_RECOVERY_INIT beside its goal. Benchmark 10 deploys the README's
 * 2-group example on a manager with its embedded emulator over HTTP (BENCH_README_RUNS runs each of
 * default settings and fast polling). Benchmark 11 sends mutating requests to the emulator with its
 * state file at 10 and 5,000 servers, beside the whole-state write it made per request before.
 * Benchmark 12 puts BENCH_SCALE_DEPLOYMENTS (1,000) deployments × 10 monitored VMs under management
 * and measures RSS, restart to ready and the deployment list's latency (issue 14), its VIM the
 * standalone emulator in a process of its own; BENCH_SCALE_VIM=process,in-process also runs it on the
 * in-process emulator, for comparison. Benchmark 13
 * times an event published by one manager until another on the same PostgreSQL hears it
 * (BENCH_REMOTE_EVENTS events per row; issue 15). Benchmark 14 is also
 * issue 15's: deploy+undeploy ops/s on one manager with SQLite beside one, two and three managers on
 * one PostgreSQL (BENCH_HA_DEPLOYMENTS each), and the takeover time after a SIGKILL over
 * BENCH_HA_KILLS kills; BENCH_HA_QUICK=1 makes both small, for development.
 * Benchmark 15 times how soon a setting, the REST user or the operation mode changed on one manager
 * is in force on another of the same PostgreSQL (issue 15 item 4). Benchmark 16 is the CPU of one
 * callback-outbox wake while a receiver that is down has 100, 2,000 and 10,000 callbacks backing off.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { benchDeployOverhead } from './deploy-overhead.ts';
import { benchDeployUndeploy, type DataPlace } from './deploy-undeploy.ts';
import { benchEmulatorStateFile } from './emulator-state-file.ts';
import { benchHaCluster } from './ha-cluster.ts';
import { benchMonitoring } from './monitoring.ts';
import { benchNetconfFanout } from './netconf-fanout.ts';
import { benchNetconfGet } from './netconf-get.ts';
import { benchNetconfServiceAction } from './netconf-service-action.ts';
import { benchOutboxBacklog } from './outbox-backlog.ts';
import { benchPoller } from './poller.ts';
import { benchReadmeExample } from './readme-example.ts';
import { benchRemoteEvents } from './remote-events.ts';
import { benchRestGet } from './rest-get.ts';
import { benchScale } from './scale.ts';
import { scaleVims } from './scale-vim.ts';
import { benchServiceOps } from './service-ops.ts';
import { benchSharedState } from './shared-state.ts';
import { benchSnapshotList } from './snapshot-list.ts';
import { printSummary, type RunFigures } from './summary.ts';

const started = performance.now();
const disk: DataPlace = { label: 'disk', root: tmpdir() };
const memory: DataPlace = existsSync('/dev/shm') ? { label: 'tmpfs', root: '/dev/shm' } : disk;
const only = process.env.BENCH_ONLY?.split(',').map((n) => n.trim());
const selected = (id: number) => !only || only.includes(String(id));
const figures: RunFigures = {};
const onData = { dataRoot: memory.root, dataLabel: memory.label };
console.log(`openvnfm benchmarks — node ${process.version}, ${new Date().toISOString()}`);
if (selected(1)) {
  figures.deployUndeploy = await benchDeployUndeploy({
    concurrency: 50,
    runs: [
      { count: Number(process.env.BENCH_DEPLOYS ?? 1000), place: memory },
      { count: Number(process.env.BENCH_DISK_DEPLOYS ?? 1000), place: disk },
      { count: Number(process.env.BENCH_POSTGRES_DEPLOYS ?? 200), place: { label: 'postgres', root: memory.root, postgres: true } },
    ],
  });
  figures.overhead = await benchDeployOverhead({ count: Number(process.env.BENCH_OVERHEAD_DEPLOYS ?? 200), ...onData });
}
if (selected(2)) figures.rest = await benchRestGet({ connections: 32, seconds: 4, warmupSeconds: 4 });
if (selected(3)) await benchPoller({ count: 1000, intervalsSecs: [0.1, 0.5] });
if (selected(4)) figures.serviceOps = await benchServiceOps({ deployments: Number(process.env.BENCH_SERVICE_DEPLOYMENTS ?? 100), vmsEach: 5, concurrency: 20, ...onData });
if (selected(5)) await benchSnapshotList({ repeats: Number(process.env.BENCH_SNAPSHOT_LIST_REPEATS ?? 50) });
if (selected(6)) await benchNetconfGet({ inFlight: 32, durationMs: 3000 });
if (selected(7)) await benchNetconfServiceAction({ deployments: Number(process.env.BENCH_NETCONF_DEPLOYMENTS ?? 100), concurrency: 20, ...onData });
if (selected(8)) {
  await benchNetconfFanout({ subscribers: [1, 50], deployments: Number(process.env.BENCH_FANOUT_DEPLOYMENTS ?? 40), vmsEach: 5, concurrency: 20, ...onData });
}
if (selected(9)) {
  await benchMonitoring({ vms: Number(process.env.BENCH_MONITORED_VMS ?? 10_000), perDeployment: 100, windowMs: 10_000, failing: 5, recoveryWaitSecs: 5 });
}
if (selected(10)) figures.readme = await benchReadmeExample({ runs: Number(process.env.BENCH_README_RUNS ?? 3) });
if (selected(11)) await benchEmulatorStateFile({ sizes: [10, 5000], durationMs: 2000 });
if (selected(12)) {
  // The first kind listed goes into the summary.
  for (const vim of scaleVims(process.env.BENCH_SCALE_VIM ?? 'process')) {
    const scale = await benchScale({ vim, deployments: Number(process.env.BENCH_SCALE_DEPLOYMENTS ?? 1000), vmsEach: 10, concurrency: 50, requests: 500, windowMs: 5000, ...onData });
    figures.scale ??= scale;
  }
}
if (selected(13)) await benchRemoteEvents({ events: Number(process.env.BENCH_REMOTE_EVENTS ?? 1000), inFlight: 20 });
if (selected(14)) {
  const quick = process.env.BENCH_HA_QUICK === '1';
  figures.ha = await benchHaCluster({
    deployments: Number(process.env.BENCH_HA_DEPLOYMENTS ?? (quick ? 20 : 100)),
    concurrency: 20,
    kills: Number(process.env.BENCH_HA_KILLS ?? (quick ? 3 : 20)),
  });
}
if (selected(15)) await benchSharedState({ settings: 200, users: 20, modes: 100 });
if (selected(16)) await benchOutboxBacklog({ backlogs: [100, 2000, 10_000], wakes: 100, dataRoot: memory.root });
printSummary(figures);
console.log(`\nall benchmarks done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
