/**
 * Placement (COMP-1, esc-interface.md §6.5; choices in docs/esc-inferences.md "Placement and composite order"): what
 * Nova is told so a deployment's VMs land where its `placement` policies say.
 * - A group's own `placement` of type `affinity` / `anti_affinity`, and each deployment-level
 *   `policies/placement[target]{vm_group_ref+}`, is one Nova server group holding the VMs of every
 *   group it names; `strict` enforcement is Nova's hard policy, `loose` its soft one.
 * - Nova keeps a server in one server group at most: policies of one Nova policy that share a
 *   vm_group become one server group; a vm_group under two different policies is refused
 *   (`placementConflict`). `zone_host` only names zone and host, on a vm_group's own placement.
 * - `zone` is Nova's availability zone; `host` is Nova's admin-only `zone:host` form, the VMs of a
 *   group taking the listed hosts in turn by their index.
 */
import type { DeploymentSpec, VmGroupSpec } from './deployment-spec.ts';

export type ServerGroupPolicy = 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';

export interface ServerGroupPlan {
  /** Stable key of the policy on the deployment (names its VIM group and its steps). */
  key: string;
  policy: ServerGroupPolicy;
  /** The vm_groups whose VMs it holds. */
  groups: string[];
}

type PlacementSource = Pick<DeploymentSpec, 'vmGroups' | 'policies'>;

/** The zone Nova calls its default; used before `:host` when a placement names a host only. */
export const defaultZone = 'nova';

function policyOf(type: string, enforcement: string): ServerGroupPolicy | undefined {
  if (type !== 'affinity' && type !== 'anti_affinity') return undefined;
  const hard = type === 'affinity' ? 'affinity' : 'anti-affinity';
  return enforcement === 'loose' ? `soft-${hard}` : hard;
}

/**
 * Every server group the deployment needs, in document order (group-level policies first). Policies
 * of the same Nova policy sharing a vm_group are one server group: affinity is transitive, and
 * anti-affinity kept among all their VMs meets each of them.
 */
export function serverGroupPlans(spec: PlacementSource): ServerGroupPlan[] {
  const plans: ServerGroupPlan[] = [];
  const add = (key: string, policy: ServerGroupPolicy | undefined, groups: string[]) => {
    if (!policy) return;
    const joined = plans.filter((p) => p.policy === policy && p.groups.some((g) => groups.includes(g)));
    const into = joined[0] ?? { key, policy, groups: [] };
    if (!joined[0]) plans.push(into);
    for (const other of joined.slice(1)) plans.splice(plans.indexOf(other), 1);
    for (const g of [...joined.flatMap((p) => p.groups), ...groups]) if (!into.groups.includes(g)) into.groups.push(g);
  };
  for (const g of spec.vmGroups) g.placement.forEach((p, k) => add(k === 0 ? g.name : `${g.name}.${k}`, policyOf(p.type, p.enforcement), [g.name]));
  spec.policies.placement.forEach((p, k) => add(`policy.${k}.${p.target}`, policyOf(p.type, p.enforcement), [p.target, ...p.groups]));
  return plans;
}

/** The server group the VMs of `group` are placed in, if any. */
export function serverGroupPlanOf(spec: PlacementSource, group: string): ServerGroupPlan | undefined {
  return serverGroupPlans(spec).find((p) => p.groups.includes(group));
}

/** Why the placement policies cannot all be sent to Nova, or undefined when they can. */
export function placementConflict(spec: PlacementSource): string | undefined {
  const seen = new Map<string, string>();
  for (const plan of serverGroupPlans(spec)) {
    for (const g of plan.groups) {
      const first = seen.get(g);
      if (first !== undefined) return `vm_group ${g} is under two placement policies (${first}, ${plan.key}); Nova holds a server in one server group at most`;
      seen.set(g, plan.key);
    }
  }
  const zoneHost = spec.policies.placement.find((p) => p.type === 'zone_host');
  if (zoneHost) return `policies/placement[${zoneHost.target}] type zone_host belongs in a vm_group's own placement`;
  return undefined;
}

/** Nova's `availability_zone` for the VM of `group` with `index`: `zone`, `zone:host`, or undefined. */
export function availabilityZoneOf(group: Pick<VmGroupSpec, 'placement'>, index: number): string | undefined {
  const zone = group.placement.find((p) => p.zone !== undefined)?.zone;
  const hosts = group.placement.flatMap((p) => p.hosts);
  if (hosts.length === 0) return zone;
  return `${zone ?? defaultZone}:${hosts[index % hosts.length]}`;
}
