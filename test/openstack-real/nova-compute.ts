/**
 * Freezing the rig's nova-computes (IMPL-3 failure drills): its own and the second host up.sh adds
 * (nova-compute-2.pid, issue 12), so no server can be built anywhere. The rig records each in
 * /tmp/osrig/pids/<name>.pid as `pid starttime`; the process is checked against that
 * start time (as the rig's own `is_running` does) so a recycled pid is never signalled. SIGSTOP
 * stops it in place and SIGCONT brings back the very process the rig started, with its RabbitMQ
 * queue and its service record: nothing needs restarting by hand. `resume` then waits until Nova's
 * os-services API has a heartbeat from after the resume.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RawCloud } from './cloud.ts';
import { onceASecond } from './real-manager.ts';
import { openrcPath } from './rig.ts';

const pidFiles = ['nova-compute.pid', 'nova-compute-2.pid'].map((f) => join(dirname(openrcPath), 'pids', f)).filter((f, k) => k === 0 || existsSync(f));

function rigNovaCompute(pidFile: string): number {
  const [pid, start] = readFileSync(pidFile, 'utf8').trim().split(/\s+/);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the `(comm)`: the 22nd field of stat is the 20th after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[19] !== start) throw new Error(`${pidFile}: pid ${pid} is not the process the rig started`);
  return Number(pid);
}

export interface FrozenCompute {
  /** Idempotent: SIGCONT, then wait for a fresh `up` heartbeat on the os-services API. */
  resume(): Promise<void>;
}

export function freezeNovaCompute(admin: RawCloud): FrozenCompute {
  const pids = pidFiles.map(rigNovaCompute);
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  let resumed = false;
  return {
    async resume() {
      if (resumed) return;
      for (const pid of pids) process.kill(pid, 'SIGCONT');
      resumed = true;
      const since = Date.now();
      await onceASecond(async () => {
        const res = await admin.call('GET', `${admin.endpoint('compute')}/os-services?binary=nova-compute`);
        const services = (res.body?.services ?? []) as { state: string; updated_at: string | null }[];
        // Nova's updated_at is UTC without a zone.
        const fresh = services.filter((s) => s.state === 'up' && s.updated_at && Date.parse(`${s.updated_at.replace(/Z?$/, 'Z')}`) >= since - 1_000);
        return fresh.length >= pids.length ? true : undefined;
      }, 180_000, 'nova-compute up again');
    },
  };
}
