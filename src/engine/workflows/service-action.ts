/**
 * Service operations (OPS-1..6): start, stop, reboot, enable and disable monitoring of the VMs of
 * a deployment, in the order `domain/vm-order.ts` gives, then the service event. The service state
 * was set to the transitional one when the request was accepted; here it reaches its end state, or
 * SERVICE_ERROR_STATE when a VM failed (the VM's own FAILURE event carries the VIM's reason, the
 * service event repeats it).
 */
import { messageOf } from '../../domain/errors.ts';
import type { Vm } from '../../domain/entities.ts';
import type { EventType } from '../../domain/event.ts';
import { isMonitoring, type ServiceAction } from '../../domain/operation.ts';
import type { ServiceState } from '../../domain/states.ts';
import { vmOrderOf, vmsActedOn } from '../../domain/vm-order.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, type StatusReport } from '../deployment/event-bodies.ts';
import { finishService } from '../deployment/finish.ts';
import { loadTarget, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { inDependencyOrder } from '../vm/in-dependency-order.ts';
import { actOnVm } from '../vm/power.ts';

interface ServiceActionDef {
  action: ServiceAction;
  event: EventType;
  done: ServiceState;
  success: string;
  failure: string;
}

function serviceWorkflow(def: ServiceActionDef): Workflow<EngineDeps> {
  const finish = (ctx: StepContext, deps: EngineDeps, t: Target, state: ServiceState, report: StatusReport) =>
    finishService(ctx, deps, t, { state, event: def.event, key: 'service-event' }, report);
  return {
    async run(ctx, deps) {
      const t = await loadTarget(deps, ctx.op.deploymentId!);
      const key = (vm: Vm) => `vm:${vm.id}:${isMonitoring(def.action) ? 'monitor' : def.action}`;
      await inDependencyOrder(t.deployment.spec, vmsActedOn(def.action, [...t.vms]), vmOrderOf(def.action), (vm) =>
        actOnVm(ctx, deps, t, vm, def.action, { key: key(vm) }),
      );
      return finish(ctx, deps, t, def.done, ok(def.success));
    },
    async fail(ctx, deps, err) {
      const t = await loadTarget(deps, ctx.op.deploymentId!);
      return finish(ctx, deps, t, 'SERVICE_ERROR_STATE', failed(`${def.failure}: ${messageOf(err)}`));
    },
  };
}

export const serviceStopWorkflow = serviceWorkflow({
  action: 'stop',
  event: 'SERVICE_STOPPED',
  done: 'SERVICE_STOPPED_STATE',
  success: 'Service group suspension completed successfully',
  failure: 'Service group suspension failed',
});

export const serviceStartWorkflow = serviceWorkflow({
  action: 'start',
  event: 'SERVICE_STARTED',
  done: 'SERVICE_ACTIVE_STATE',
  success: 'Service group start completed successfully',
  failure: 'Service group start failed',
});

export const serviceRebootWorkflow = serviceWorkflow({
  action: 'reboot',
  event: 'SERVICE_REBOOTED',
  done: 'SERVICE_ACTIVE_STATE',
  success: 'Service group reboot completed successfully',
  failure: 'Service group reboot failed',
});

export const serviceEnableMonitorWorkflow = serviceWorkflow({
  action: 'enableMonitor',
  event: 'SERVICE_MONITOR_SET',
  done: 'SERVICE_ACTIVE_STATE',
  success: 'Service group set monitor successfully',
  failure: 'Service group set monitor failed',
});

export const serviceDisableMonitorWorkflow = serviceWorkflow({
  action: 'disableMonitor',
  event: 'SERVICE_MONITOR_UNSET',
  done: 'SERVICE_ACTIVE_STATE',
  success: 'Service group unset monitor successfully',
  failure: 'Service group unset monitor failed',
});
