/**
 * Rule-driven scaling of one VM group (COMP-4; esc-interface.md §3.3, §6.3): the VM record was made
 * (scale-out) or chosen and marked VM_UNDEPLOYING_STATE (scale-in) when the request was accepted
 * (`scale-intent.ts`), so these only act on it.
 * - Scale-out: VM_SCALE_OUT_INIT, the VM built as a deploy builds one (`vm/build.ts`) with
 *   VM_SCALE_OUT_DEPLOYED when its server is ACTIVE and VM_ALIVE once it answers [I], then
 *   VM_SCALE_OUT_COMPLETE naming it in `vm_target`. A build that fails is recorded as the step's
 *   outcome, the VM torn down (VM_UNDEPLOYED) and its record removed, so nothing leaks [I]; the
 *   COMPLETE event reports FAILURE, "VM scaled out failed".
 * - Scale-in: VM_SCALE_IN_INIT, the VM torn down (VM_UNDEPLOYED), VM_SCALE_IN_COMPLETE, its record
 *   removed (which frees whatever it held, e.g. pool addresses).
 * The closing event is sent before the record goes, so a run resumed after the record went has
 * nothing left to report but the outcome. The service state is left as it is (ACTIVE).
 */
import type { Vm } from '../../domain/entities.ts';
import { errors, messageOf } from '../../domain/errors.ts';
import type { EventType } from '../../domain/event.ts';
import type { OperationOutcome } from '../../domain/operation.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, serviceEvent, vmEvent, type StatusReport } from '../deployment/event-bodies.ts';
import { resolveRefs } from '../deployment/resolve.ts';
import { loadTarget, saveVm, viewOf, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { buildVms } from '../vm/build.ts';
import { teardownVm } from '../vm/teardown.ts';

export interface ScaleInput {
  /** The VM added (out) or removed (in). */
  vmId: string;
  group: string;
  /** What asked for it (the rule's event), for the INIT text. */
  reason: string;
}

type Direction = 'out' | 'in';

const words = {
  out: { init: 'VM_SCALE_OUT_INIT', complete: 'VM_SCALE_OUT_COMPLETE', triggered: 'VM scale out triggered', done: 'VM scaled out successfully', failed: 'VM scaled out failed' },
  in: { init: 'VM_SCALE_IN_INIT', complete: 'VM_SCALE_IN_COMPLETE', triggered: 'VM scale in triggered', done: 'VM scaled in successfully', failed: 'VM scaled in failed' },
} as const satisfies Record<Direction, { init: EventType; complete: EventType; triggered: string; done: string; failed: string }>;

const keyOf = (input: ScaleInput, direction: Direction) => `vm:${input.vmId}:scale-${direction}`;

async function target(ctx: StepContext, deps: EngineDeps): Promise<{ t: Target; vm: Vm | undefined; input: ScaleInput }> {
  const input = ctx.op.input as ScaleInput;
  const t = await loadTarget(deps, ctx.op.deploymentId!);
  return { t, vm: t.vms.find((v) => v.id === input.vmId), input };
}

/** VM_SCALE_*_COMPLETE: about the VM while it is recorded, else about its group. */
function complete(ctx: StepContext, t: Target, vm: Vm | undefined, direction: Direction, report: StatusReport): Promise<void> {
  const input = ctx.op.input as ScaleInput;
  const type = words[direction].complete;
  const body = vm ? vmEvent(t, vm, type, report) : { ...serviceEvent(t, type, report), vmGroup: input.group };
  const added = direction === 'out' && report.status === 'SUCCESS' ? { vmTarget: body.vmSource } : {};
  return ctx.emit(`${keyOf(input, direction)}:complete`, { ...body, ...added });
}

async function removeRecord(deps: EngineDeps, t: Target, vm: Vm): Promise<void> {
  await deps.store.deleteVm(vm.id);
  t.vms = t.vms.filter((v) => v.id !== vm.id);
}

/** A failed scale: a VM still recorded stays, in error, for an undeploy or a scale-in to remove; COMPLETE reports it. */
function scaleFailure(direction: Direction): Workflow<EngineDeps>['fail'] {
  return async (ctx, deps, err) => {
    const { t, vm } = await target(ctx, deps);
    if (vm) {
      vm.state = 'VM_ERROR_STATE';
      vm.monitoring = false;
      await saveVm(deps, t, vm);
    }
    const report = failed(`${words[direction].failed}: ${messageOf(err)}`);
    await complete(ctx, t, vm, direction, report);
    return { ...report, view: viewOf(t) };
  };
}

function outcome(t: Target, direction: Direction, vmName: string | undefined): OperationOutcome {
  return { ...ok(`${words[direction].done}, VM Name: [${vmName}]`), view: viewOf(t) };
}

export const scaleOutWorkflow: Workflow<EngineDeps> = {
  async run(ctx, deps) {
    const { t, vm, input } = await target(ctx, deps);
    // Gone only when this operation removed it after a failed build and stopped before it ended.
    if (!vm) throw errors.vmGone(ctx.op.vmName);
    const key = keyOf(input, 'out');
    await ctx.emit(`${key}:init`, vmEvent(t, vm, 'VM_SCALE_OUT_INIT', ok(`${words.out.triggered} (${input.reason})`)));
    // The outcome of the build is the step's: a resumed run that finds a failure recorded tears down.
    const failure = await ctx.step(`${key}:build`, async () => {
      try {
        const refs = await ctx.step('resolve', () => resolveRefs(t, t.deployment.spec));
        await buildVms(ctx, deps, t, [vm], refs, { deployed: 'VM_SCALE_OUT_DEPLOYED' });
        return null;
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        return messageOf(err);
      }
    });
    if (failure !== null) {
      await teardownVm(ctx, deps, t, vm, `${key}:teardown`);
      const error = errors.scaledOutVmRemoved(vm.name, failure);
      await complete(ctx, t, vm, 'out', failed(`${words.out.failed}: ${error.message}`));
      await removeRecord(deps, t, vm);
      throw error;
    }
    await complete(ctx, t, vm, 'out', ok(words.out.done));
    return outcome(t, 'out', vm.name);
  },
  fail: scaleFailure('out'),
};

export const scaleInWorkflow: Workflow<EngineDeps> = {
  async run(ctx, deps) {
    const { t, vm, input } = await target(ctx, deps);
    // Gone only when this operation removed it, its events sent, and stopped before it ended.
    if (!vm) return outcome(t, 'in', ctx.op.vmName);
    const key = keyOf(input, 'in');
    await ctx.emit(`${key}:init`, vmEvent(t, vm, 'VM_SCALE_IN_INIT', ok(`${words.in.triggered} (${input.reason})`)));
    await teardownVm(ctx, deps, t, vm, `${key}:teardown`);
    await complete(ctx, t, vm, 'in', ok(words.in.done));
    await removeRecord(deps, t, vm);
    return outcome(t, 'in', vm.name);
  },
  fail: scaleFailure('in'),
};
