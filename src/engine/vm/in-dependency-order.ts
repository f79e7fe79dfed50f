/**
 * Acts on VMs group by group in the order `domain/vm-order.ts` gives (COMP-1: a group is acted on
 * only once every group it waits for is done), all VMs of a group at once: what bounds the load on
 * the VIM is its connector's requests in flight (`vim.requests.inflight`, issue 14), and their
 * waits share the batched poller. Every VM is awaited before a failure is rethrown, so no branch runs on
 * behind a failed operation. `beforeGroup` runs once a group's dependencies are done and before its
 * VMs are acted on (deploy waits there for the `kpi_event_ref` events, COMP-1).
 */
import type { DeploymentSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { groupsBefore, type VmOrder } from '../../domain/vm-order.ts';
import { allSettledOrThrow } from '../runtime/limiter.ts';

export async function inDependencyOrder(
  spec: Pick<DeploymentSpec, 'policies'>,
  vms: Vm[],
  order: VmOrder,
  act: (vm: Vm) => Promise<void>,
  beforeGroup: (group: string) => Promise<unknown> = async () => {},
): Promise<void> {
  const started = new Map<string, Promise<void>>();
  const run = (group: string): Promise<void> => {
    let promise = started.get(group);
    if (!promise) {
      promise = (async () => {
        await allSettledOrThrow(groupsBefore(spec, group, order).map(run));
        await beforeGroup(group);
        await allSettledOrThrow(vms.filter((v) => v.group === group).map((vm) => act(vm)));
      })();
      started.set(group, promise);
    }
    return promise;
  };
  await allSettledOrThrow([...new Set(vms.map((v) => v.group))].map(run));
}
