/**
 * Nova's scheduler places concurrent boots of one hard-policy server group without seeing each
 * other; its late check on the compute host then fails one (GroupAffinityViolation) and, with few
 * hosts, its reschedule too (seen on the real rig once every VM of an operation ran at once). So the
 * servers of a strict affinity / anti-affinity server group are created one at a time, each waited
 * ACTIVE (placed) before the next is sent; other VMs, and everything before the server, run at once.
 */
import type { DeploymentSpec } from '../../domain/deployment-spec.ts';
import { serverGroupPlanOf } from '../../domain/placement.ts';
import { createLimiter } from '../runtime/limiter.ts';

type Turn = <T>(task: () => Promise<T>) => Promise<T>;

const atOnce: Turn = (task) => task();

/** For each vm_group, how its server creation waits its turn. */
export function placementTurns(spec: Pick<DeploymentSpec, 'vmGroups' | 'policies'>): (group: string) => Turn {
  const turns = new Map<string, Turn>();
  return (group) => {
    const plan = serverGroupPlanOf(spec, group);
    if (!plan || plan.policy.startsWith('soft-')) return atOnce;
    let turn = turns.get(plan.key);
    if (!turn) turns.set(plan.key, (turn = createLimiter(1)));
    return turn;
  };
}
