/**
 * Drift (issue 12 item 9): what a watched VM's server looks like on the VIM when the manager did not
 * put it there. Only watched VMs are judged (`monitoring-pause.ts`: no operation of ours is under
 * way on them), so anything but ACTIVE is drift: gone, stopped, in error, or another status
 * (paused, suspended, rebooting by someone else).
 */
export type Drift = 'GONE' | 'SHUTOFF' | 'ERROR' | 'OTHER';

export function driftOf(server: { status: string } | undefined): Drift | undefined {
  if (!server) return 'GONE';
  const status = server.status.toUpperCase();
  if (status === 'ACTIVE') return undefined;
  if (status === 'SHUTOFF' || status === 'ERROR') return status;
  return status === 'DELETED' || status === 'SOFT_DELETED' ? 'GONE' : 'OTHER';
}
