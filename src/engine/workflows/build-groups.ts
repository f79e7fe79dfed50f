/**
 * Acts on a deployment's VMs group by group in dependency order (COMP-1: `policies/startup` — a
 * group is acted on only once every group it depends on is done; `reverse` for stopping, so
 * dependants stop first), VMs in parallel within the operation's bound (`engine.vm.parallelism`).
 * Every VM is awaited before a failure is rethrown, so no branch runs on behind a failed operation.
 */
import type { DeploymentSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { EngineDeps } from '../deps.ts';
import { allSettledOrThrow, createLimiter } from '../limiter.ts';
import type { Refs } from '../resolve.ts';
import type { StepContext } from '../step-context.ts';
import type { Target } from '../target.ts';
import { buildVm } from '../vm-build.ts';

export async function inDependencyOrder(
  deps: EngineDeps,
  spec: DeploymentSpec,
  vms: Vm[],
  act: (vm: Vm) => Promise<void>,
  opts: { reverse?: boolean } = {},
): Promise<void> {
  const limit = createLimiter(deps.config.number('engine.vm.parallelism'));
  const edges = spec.policies.dependencies.flatMap((d) => d.dependsOn.map((x) => ({ target: d.target, on: x.group })));
  const before = (group: string) =>
    opts.reverse ? edges.filter((e) => e.on === group).map((e) => e.target) : edges.filter((e) => e.target === group).map((e) => e.on);
  const done = new Map<string, Promise<void>>();
  const run = (group: string): Promise<void> => {
    let promise = done.get(group);
    if (!promise) {
      promise = (async () => {
        await allSettledOrThrow(before(group).map(run));
        await allSettledOrThrow(vms.filter((v) => v.group === group).map((vm) => limit(() => act(vm))));
      })();
      done.set(group, promise);
    }
    return promise;
  };
  await allSettledOrThrow([...new Set(vms.map((v) => v.group))].map(run));
}

export function buildGroups(ctx: StepContext, deps: EngineDeps, t: Target, spec: DeploymentSpec, vms: Vm[], refs: Refs): Promise<void> {
  return inDependencyOrder(deps, spec, vms, (vm) => buildVm(ctx, deps, t, vm, spec.vmGroups.find((g) => g.name === vm.group)!, refs));
}
