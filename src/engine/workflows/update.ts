/**
 * Service update (COMP-2..4, esc-interface.md §6.4): the whole desired deployment is sent again and
 * the difference is applied as the rule table says (`domain/update-rules.ts`) — new ephemeral
 * networks, new VMs (added groups, a raised `min_active`), removed VMs (removed groups), then each VM
 * of a changed group: volumes swapped for external ones (REST-2/REST-3, a rebuilt server named),
 * interfaces and volumes removed and added through Nova (`vm/vm-update.ts`), a new image or flavor
 * recorded for its next redeploy (REST-1), and `VM_UPDATED` (FAILURE naming the cause when a step
 * fails); removed networks last; SERVICE_UPDATED closes it (FAILURE, the service in error, when
 * anything failed; the deployment keeps the base the next update is planned from, `domain/update-base.ts`,
 * so re-sending the request retries what did not land). A one-step restore of a
 * VM from a snapshot (REST-1, REST-2) is such an update of its group (`vm/restore.ts`).
 * The plan (`domain/update-plan.ts`) is fixed when the request is accepted and kept in the
 * operation, so a resumed run applies the same plan.
 */
import { messageOf } from '../../domain/errors.ts';
import { specsOnUpdated } from '../../domain/update-base.ts';
import type { UpdatePlan } from '../../domain/update-plan.ts';
import { vmOrderOf } from '../../domain/vm-order.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, vmEvent } from '../deployment/event-bodies.ts';
import { finishService } from '../deployment/finish.ts';
import { createNetworks, deleteNetworks } from '../deployment/networks.ts';
import { resolveRefs } from '../deployment/resolve.ts';
import { groupOf, loadTarget, saveVm } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { buildVms } from '../vm/build.ts';
import { inDependencyOrder } from '../vm/in-dependency-order.ts';
import { releaseReplaced, releaseReplacedOnFailure, restoreImage, restoreSwaps } from '../vm/restore.ts';
import { teardownVm } from '../vm/teardown.ts';
import { applyVmChanges } from '../vm/vm-update.ts';
import { swapVolume } from '../vm/volume-swap.ts';

const serviceUpdated = { event: 'SERVICE_UPDATED', key: 'service-updated' } as const;

export const updateWorkflow: Workflow<EngineDeps> = {
  async run(ctx: StepContext, deps: EngineDeps) {
    const plan = ctx.op.input as UpdatePlan;
    const t = await loadTarget(deps, ctx.op.deploymentId!);
    const spec = t.deployment.spec;
    await createNetworks(ctx, deps, t, spec.networks.filter((n) => plan.addNetworks.includes(n.name)));
    const refs = await ctx.step('resolve', () => resolveRefs(t, spec));
    const removed = t.vms.filter((vm) => plan.removeVms.includes(vm.id));
    await inDependencyOrder(spec, removed, vmOrderOf('undeploy'), async (vm) => {
      vm.state = 'VM_UNDEPLOYING_STATE';
      await saveVm(deps, t, vm);
      await teardownVm(ctx, deps, t, vm);
      await deps.store.deleteVm(vm.id);
    });
    t.vms = t.vms.filter((vm) => !plan.removeVms.includes(vm.id));
    await buildVms(ctx, deps, t, t.vms.filter((vm) => plan.addVms.includes(vm.id)), refs);
    // A plan recorded before volume swaps existed has no swapVolumes.
    const restored = await restoreSwaps(ctx, deps, t, plan.restore);
    const swaps = [...(plan.swapVolumes ?? []), ...restored.swaps];
    for (const vm of t.vms.filter((v) => plan.changedGroups.includes(v.group) && !plan.addVms.includes(v.id))) {
      const group = groupOf(t, vm);
      const changes = plan.groupUpdates?.find((u) => u.group === vm.group)?.changes ?? [];
      let replaced: string | undefined;
      try {
        for (const swap of swaps.filter((s) => s.group === vm.group)) replaced = (await swapVolume(ctx, deps, t, vm, group, swap, refs)) ?? replaced;
        await applyVmChanges(ctx, deps, t, vm, group, changes, refs);
        vm.image = group.image;
        vm.flavor = group.flavor;
        await saveVm(deps, t, vm);
        replaced = (await restoreImage(ctx, deps, t, vm, group, plan.restore, refs)) ?? replaced;
      } catch (err) {
        if (!ctx.signal.aborted) await ctx.emit(`vm:${vm.id}:updated`, vmEvent(t, vm, 'VM_UPDATED', failed(`VM update failed. vm: VM ID: [${vm.serverId}]: ${messageOf(err)}`)));
        throw err;
      }
      const rebuilt = replaced ? ` Server [${replaced}] was rebuilt as [${vm.serverId}].` : '';
      await ctx.emit(`vm:${vm.id}:updated`, vmEvent(t, vm, 'VM_UPDATED', ok(`VM has been updated successfully. vm: VM ID: [${vm.serverId}]${rebuilt}`)));
    }
    await releaseReplaced(ctx, deps, t, restored.replaced);
    await deleteNetworks(ctx, deps, t, t.deployment.networks.filter((n) => plan.removeNetworks.includes(n.name)));
    // A restore is planned from the spec as it is, not from the base (`domain/update-base.ts`): it leaves the base alone.
    if (!plan.restore) Object.assign(t.deployment, specsOnUpdated(t.deployment));
    return finishService(ctx, deps, t, { state: 'SERVICE_ACTIVE_STATE', ...serviceUpdated }, ok('Service group update completed successfully'));
  },

  async fail(ctx, deps, err) {
    const t = await loadTarget(deps, ctx.op.deploymentId!);
    await releaseReplacedOnFailure(ctx, deps, t, (ctx.op.input as UpdatePlan).restore);
    return finishService(ctx, deps, t, { state: 'SERVICE_ERROR_STATE', ...serviceUpdated }, failed(`Service group update failed: ${messageOf(err)}`));
  },
};
