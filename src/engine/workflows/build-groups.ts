/**
 * Builds a set of new VMs group by group in dependency order (COMP-1: `policies/startup` —
 * a group starts only once every group it depends on is alive), VMs in parallel within the
 * operation's bound (`engine.vm.parallelism`). Every VM is awaited before a failure is rethrown,
 * so no branch is left running behind a failed operation.
 */
import type { DeploymentSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { EngineDeps } from '../deps.ts';
import { allSettledOrThrow, createLimiter } from '../limiter.ts';
import type { Refs } from '../resolve.ts';
import type { StepContext } from '../step-context.ts';
import type { Target } from '../target.ts';
import { buildVm } from '../vm-build.ts';

export async function buildGroups(ctx: StepContext, deps: EngineDeps, t: Target, spec: DeploymentSpec, vms: Vm[], refs: Refs): Promise<void> {
  const limit = createLimiter(deps.config.number('engine.vm.parallelism'));
  const done = new Map<string, Promise<void>>();
  const buildGroup = (name: string): Promise<void> => {
    let promise = done.get(name);
    if (promise) return promise;
    const group = spec.vmGroups.find((g) => g.name === name)!;
    const before = spec.policies.dependencies.filter((d) => d.target === name).flatMap((d) => d.dependsOn.map((x) => x.group));
    promise = (async () => {
      await allSettledOrThrow(before.map(buildGroup));
      await allSettledOrThrow(vms.filter((v) => v.group === name).map((vm) => limit(() => buildVm(ctx, deps, t, vm, group, refs))));
    })();
    done.set(name, promise);
    return promise;
  };
  const groups = [...new Set(vms.map((v) => v.group))];
  await allSettledOrThrow(groups.map(buildGroup));
}
