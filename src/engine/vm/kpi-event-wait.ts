/**
 * COMP-1 `policies/startup[target]/depends_on[vm_group_ref]{kpi_event_ref}`: the target group is
 * built only once every VM of the referenced group raised that KPI event TRUE — its own
 * `metric_occurrences_true` consecutive polls at its `poll_frequency`, read through the engine's
 * `KpiReader` (the monitor's collectors). A liveness KPI (`VM_ALIVE`) is met by the group being
 * alive, as the plain dependency already waits for. The wait is bounded by the referenced group's
 * `bootup_time` from when it begins [I] (negative: no bound).
 */
import type { KpiSpec, VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { kpiArmed, kpiHolds, kpiPolled, metricOf, pollIntervalMs } from '../../domain/kpi.ts';
import type { VimServer } from '../../vim/driver.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';

/** The KPI events `target` waits for, with the group that raises each (liveness ones left out). */
export function kpiEventsBefore(t: Pick<Target, 'deployment'>, target: string): { group: VmGroupSpec; kpi: KpiSpec }[] {
  const { spec } = t.deployment;
  return spec.policies.dependencies
    .filter((d) => d.target === target)
    .flatMap((d) => d.dependsOn)
    .flatMap(({ group: name, kpiEvent }) => {
      const group = spec.vmGroups.find((g) => g.name === name);
      const kpi = group?.kpiData.kpis.find((k) => k.eventName === kpiEvent);
      return group && kpi && metricOf(kpi.metricCollector.type) !== 'liveness' ? [{ group, kpi }] : [];
    });
}

/** Waits until every VM of each group `target` depends on by a KPI event raised it TRUE. */
export async function waitKpiEvents(ctx: StepContext, deps: EngineDeps, t: Target, target: string): Promise<true> {
  for (const { group, kpi } of kpiEventsBefore(t, target)) {
    const bound = new AbortController();
    const signal = AbortSignal.any([ctx.signal, bound.signal]);
    const timer = group.bootupTime < 0 ? undefined : deps.clock.sleep(group.bootupTime * 1000, signal).then(() => bound.abort(), () => {});
    try {
      await Promise.all(t.vms.filter((vm) => vm.group === group.name).map((vm) => raisedTrue(deps, t, vm, group, kpi, signal)));
    } catch (err) {
      if (ctx.signal.aborted || !bound.signal.aborted) throw err;
      throw errors.kpiEventNotRaised(target, kpi.eventName, group.name, group.bootupTime);
    } finally {
      bound.abort();
      await timer;
    }
  }
  return true;
}

async function raisedTrue(deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, kpi: KpiSpec, signal: AbortSignal): Promise<void> {
  // The group is alive, so its servers are ACTIVE: the batched poller confirms it once.
  const server = await deps.poller.waitFor<VimServer>({
    vim: t.vim, scope: t.scope, kind: 'server', id: vm.serverId!, want: ['ACTIVE'], failOn: ['ERROR'], policy: 'server.action', timeoutMs: -1, signal, label: `server ${vm.vimName} (${vm.serverId})`,
  });
  let track = kpiArmed();
  for (;;) {
    await deps.clock.sleep(pollIntervalMs(kpi), signal);
    signal.throwIfAborted();
    const value = await deps.kpis.read(vm, server!, group, kpi);
    if (value === undefined) continue;
    const polled = kpiPolled(kpi, track, kpiHolds(kpi, value));
    if (polled.raise === 'TRUE') return;
    track = polled.track;
  }
}
