/**
 * Where a server lands (spec §2.6): the emulator has two compute hosts, so server-group policies
 * mean something. A forced host (`availability_zone` `zone:host`, admin) wins; a member of an
 * affinity group goes where its group's built members are, of an anti-affinity group where none
 * is; the soft policies prefer that and settle for any host; among the hosts that fit, the one
 * running the fewest servers (Nova's default weighers spread). A server in no group goes to the
 * first host, so what tests pin of a plain server's host stays the same. A hard policy no host
 * meets is Nova's NoValidHost: the server goes to ERROR.
 */
import type { Cloud } from '../state/cloud.ts';
import type { Server } from '../state/model.ts';

export const HOSTS = ['emu-compute-1', 'emu-compute-2'] as const;
/** Where a server in no group goes, and where one of an older state file (no host recorded) is shown. */
export const defaultHost = HOSTS[0];
export const noValidHost = 'No valid host was found. There are not enough hosts available.';
/** The end of the traceback Nova's conductor records with it (a fault's `details`). */
export const noValidHostDetails = `Traceback (most recent call last):\n  File "nova/conductor/manager.py", in schedule_and_build_instances\nnova.exception.NoValidHost: ${noValidHost}\n`;

/** `zone:host` → the zone and the forced host; a bare zone has no host. */
export function splitAvailabilityZone(az: string): { zone: string; host?: string } {
  const at = az.indexOf(':');
  return at < 0 ? { zone: az } : { zone: az.slice(0, at) || 'nova', host: az.slice(at + 1) };
}

/** The host the server is placed on, or undefined when none meets its hard policy. */
export function chooseHost(cloud: Cloud, s: Server): string | undefined {
  if (s.forcedHost) return (HOSTS as readonly string[]).includes(s.forcedHost) ? s.forcedHost : undefined;
  const group = s.serverGroupId ? cloud.state.serverGroups[s.serverGroupId] : undefined;
  if (!group) return defaultHost;
  // Only a group member looks at the other servers (one pass for the loads, when it needs them):
  // a plain create must not scan every server (issue 12: 10,000 VMs).
  const isLive = (m: Server | undefined): m is Server & { host: string } => m !== undefined && m.id !== s.id && m.deletedAt === null && m.host !== undefined;
  const leastLoaded = (hosts: readonly string[]) => {
    const load = new Map<string, number>();
    for (const m of Object.values(cloud.state.servers)) if (isLive(m)) load.set(m.host, (load.get(m.host) ?? 0) + 1);
    return [...hosts].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0))[0];
  };
  const used = new Set(group.members.map((id) => cloud.state.servers[id]).filter(isLive).map((m) => m.host));
  const anti = group.policy.endsWith('anti-affinity');
  const fits = HOSTS.filter((h) => (anti ? !used.has(h) : used.size === 0 || used.has(h)));
  if (fits.length > 0) return leastLoaded(fits);
  return group.policy.startsWith('soft-') ? leastLoaded(HOSTS) : undefined;
}
