/**
 * Service update (COMP-2..4, esc-interface.md §6.4): the whole desired deployment is sent again and
 * the difference is applied — new ephemeral networks, new VMs (added groups, a raised `min_active`),
 * removed VMs (removed groups), `VM_UPDATED` for the VMs of changed groups (a new image is recorded
 * for their next redeploy, REST-1), removed networks last; SERVICE_UPDATED closes it.
 * The plan (which VMs come and go) is fixed when the request is accepted and kept in the operation,
 * so a resumed run applies the same plan.
 */
import type { EngineDeps } from '../deps.ts';
import { allSettledOrThrow, createLimiter } from '../limiter.ts';
import { createNetworks, deleteNetworks } from '../networks.ts';
import { resolveRefs } from '../resolve.ts';
import type { StepContext } from '../step-context.ts';
import { failed, finishService, loadTarget, ok, vmEvent } from '../target.ts';
import { messageOf, saveVm } from '../vm-build.ts';
import { teardownVm } from '../vm-teardown.ts';
import { buildGroups } from './build-groups.ts';
import type { Workflow } from './workflow.ts';

export interface UpdatePlan {
  addVms: string[];
  removeVms: string[];
  changedGroups: string[];
  addNetworks: string[];
  removeNetworks: string[];
}

const serviceUpdated = { event: 'SERVICE_UPDATED', key: 'service-updated' } as const;

export const updateWorkflow: Workflow = {
  async run(ctx: StepContext, deps: EngineDeps) {
    const plan = ctx.op.input as UpdatePlan;
    const t = await loadTarget(deps, ctx.op.deploymentId!);
    const spec = t.deployment.spec;
    await createNetworks(ctx, deps, t, spec.networks.filter((n) => plan.addNetworks.includes(n.name)));
    const refs = await ctx.step('resolve', () => resolveRefs(t, spec));
    const limit = createLimiter(deps.config.number('engine.vm.parallelism'));
    await allSettledOrThrow(
      t.vms.filter((vm) => plan.removeVms.includes(vm.id)).map((vm) =>
        limit(async () => {
          vm.state = 'VM_UNDEPLOYING_STATE';
          await saveVm(deps, t, vm);
          await teardownVm(ctx, deps, t, vm);
          await deps.store.deleteVm(vm.id);
        }),
      ),
    );
    t.vms = t.vms.filter((vm) => !plan.removeVms.includes(vm.id));
    await buildGroups(ctx, deps, t, spec, t.vms.filter((vm) => plan.addVms.includes(vm.id)), refs);
    for (const vm of t.vms.filter((v) => plan.changedGroups.includes(v.group) && !plan.addVms.includes(v.id))) {
      const group = spec.vmGroups.find((g) => g.name === vm.group)!;
      vm.image = group.image;
      vm.flavor = group.flavor;
      await saveVm(deps, t, vm);
      await ctx.emit(`vm:${vm.id}:updated`, vmEvent(t, vm, 'VM_UPDATED', ok(`VM has been updated successfully. vm: VM ID: [${vm.serverId}]`)));
    }
    await deleteNetworks(ctx, deps, t, t.deployment.networks.filter((n) => plan.removeNetworks.includes(n.name)));
    return finishService(ctx, deps, t, { state: 'SERVICE_ACTIVE_STATE', ...serviceUpdated }, ok('Service group update completed successfully'));
  },

  async fail(ctx, deps, err) {
    const t = await loadTarget(deps, ctx.op.deploymentId!);
    return finishService(ctx, deps, t, { state: 'SERVICE_ERROR_STATE', ...serviceUpdated }, failed(`Service group update failed: ${messageOf(err)}`));
  },
};
