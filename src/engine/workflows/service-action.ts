/**
 * Service operations (OPS-1..6): start, stop, reboot, enable and disable monitoring of every VM
 * of a deployment, in dependency order (stop in reverse), then the service event. The service
 * state was set to the transitional one when the request was accepted; here it reaches its end
 * state, or SERVICE_ERROR_STATE when a VM failed (the VM's own FAILURE event carries the VIM's
 * reason, the service event repeats it).
 */
import type { EventType } from '../../domain/event.ts';
import type { ServiceState } from '../../domain/states.ts';
import type { EngineDeps } from '../deps.ts';
import type { StepContext } from '../step-context.ts';
import { failed, finishService, loadTarget, ok, type Outcome3, type Target } from '../target.ts';
import { messageOf } from '../vm-build.ts';
import { powerAction, setMonitoring } from '../vm-power.ts';
import { inDependencyOrder } from './build-groups.ts';
import type { Workflow } from './workflow.ts';

interface ServiceActionDef {
  event: EventType;
  done: ServiceState;
  success: string;
  failure: string;
  reverse?: boolean;
  each(ctx: StepContext, deps: EngineDeps, t: Target, vm: Target['vms'][number]): Promise<void>;
}

function serviceWorkflow(def: ServiceActionDef): Workflow {
  const finish = (ctx: StepContext, deps: EngineDeps, t: Target, state: ServiceState, outcome: Outcome3) =>
    finishService(ctx, deps, t, { state, event: def.event, key: 'service-event' }, outcome);
  return {
    async run(ctx, deps) {
      const t = await loadTarget(deps, ctx.op.deploymentId!);
      await inDependencyOrder(deps, t.deployment.spec, [...t.vms], (vm) => def.each(ctx, deps, t, vm), { reverse: def.reverse });
      return finish(ctx, deps, t, def.done, ok(def.success));
    },
    async fail(ctx, deps, err) {
      const t = await loadTarget(deps, ctx.op.deploymentId!);
      return finish(ctx, deps, t, 'SERVICE_ERROR_STATE', failed(`${def.failure}: ${messageOf(err)}`));
    },
  };
}

export const serviceStopWorkflow = serviceWorkflow({
  event: 'SERVICE_STOPPED',
  done: 'SERVICE_STOPPED_STATE',
  success: 'Service group suspension completed successfully',
  failure: 'Service group suspension failed',
  reverse: true,
  each: (ctx, deps, t, vm) =>
    vm.state === 'VM_SHUTOFF_STATE' ? Promise.resolve() : powerAction(ctx, deps, t, vm, 'stop', { key: `vm:${vm.id}:stop` }),
});

export const serviceStartWorkflow = serviceWorkflow({
  event: 'SERVICE_STARTED',
  done: 'SERVICE_ACTIVE_STATE',
  success: 'Service group start completed successfully',
  failure: 'Service group start failed',
  each: (ctx, deps, t, vm) => powerAction(ctx, deps, t, vm, 'start', { key: `vm:${vm.id}:start` }),
});

export const serviceRebootWorkflow = serviceWorkflow({
  event: 'SERVICE_REBOOTED',
  done: 'SERVICE_ACTIVE_STATE',
  success: 'Service group reboot completed successfully',
  failure: 'Service group reboot failed',
  each: (ctx, deps, t, vm) => powerAction(ctx, deps, t, vm, 'reboot', { key: `vm:${vm.id}:reboot` }),
});

export const serviceEnableMonitorWorkflow = serviceWorkflow({
  event: 'SERVICE_MONITOR_SET',
  done: 'SERVICE_ACTIVE_STATE',
  success: 'Service group set monitor successfully',
  failure: 'Service group set monitor failed',
  each: (ctx, deps, t, vm) => setMonitoring(ctx, deps, t, vm, true, `vm:${vm.id}:monitor`),
});

export const serviceDisableMonitorWorkflow = serviceWorkflow({
  event: 'SERVICE_MONITOR_UNSET',
  done: 'SERVICE_ACTIVE_STATE',
  success: 'Service group unset monitor successfully',
  failure: 'Service group unset monitor failed',
  each: (ctx, deps, t, vm) => setMonitoring(ctx, deps, t, vm, false, `vm:${vm.id}:monitor`),
});
