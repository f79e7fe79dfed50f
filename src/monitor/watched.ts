/**
 * One watched VM as the monitor keeps it between polls: who it is (the `MonitoredVmRef` outcomes
 * carry), its server, its group's KPIs each with its own schedule and occurrence track, and the
 * drift last reported (so a change is reported once). A fresh entry is armed: tracks empty, first
 * polls one interval away.
 */
import type { KpiSpec, VmGroupSpec } from '../domain/deployment-spec.ts';
import type { Drift } from '../domain/drift.ts';
import type { Deployment, Vm } from '../domain/entities.ts';
import { kpiArmed, pollIntervalMs, type KpiTrack } from '../domain/kpi.ts';
import type { MonitoredVmRef } from './outcome.ts';

export interface WatchedKpi {
  kpi: KpiSpec;
  intervalMs: number;
  due: number;
  track: KpiTrack;
}

export interface Watched {
  ref: MonitoredVmRef;
  serverId: string;
  vm: Vm;
  group: VmGroupSpec;
  kpis: WatchedKpi[];
  /** How often the server is looked at when the group has no KPI (drift only). */
  driftIntervalMs: number;
  driftDue: number;
  drift?: Drift;
}

export function armed(deployment: Deployment, vm: Vm & { serverId: string }, group: VmGroupSpec, now: number, driftIntervalMs: number): Watched {
  const kpis = group.kpiData.enabled ? group.kpiData.kpis : [];
  return {
    ref: { deploymentId: deployment.id, deploymentName: deployment.name, tenant: deployment.tenant, vmId: vm.id, vmName: vm.name, group: vm.group },
    serverId: vm.serverId,
    vm,
    group,
    kpis: kpis.map((kpi) => ({ kpi, intervalMs: pollIntervalMs(kpi), due: now + pollIntervalMs(kpi), track: kpiArmed() })),
    driftIntervalMs,
    driftDue: now + driftIntervalMs,
  };
}

/** When the entry next needs its server read. */
export function dueAt(w: Watched): number {
  return w.kpis.length === 0 ? w.driftDue : Math.min(...w.kpis.map((k) => k.due));
}

/** Whether the entry rides on a cycle at `now`: due within half its shortest interval, as the poller batches. */
export function ridesAt(w: Watched, now: number): boolean {
  return dueAt(w) <= now + Math.min(w.driftIntervalMs, ...w.kpis.map((k) => k.intervalMs)) / 2;
}
