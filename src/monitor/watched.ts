/**
 * One watched VM as the monitor keeps it between polls: who it is (the `MonitoredVmRef` outcomes
 * carry), its server, its group's KPIs each with its own schedule and occurrence track, and the
 * drift last reported (so a change is reported once). A fresh entry is armed: tracks empty, first
 * polls between half an interval and one interval away, earlier by an offset derived from its loop's
 * key: loops armed together (1,000 deployments read at start) do not all poll in the same tick and
 * hold the event loop (issue 14: a REST read waited 480 ms behind them), none polls while a
 * restarting manager is still starting, and the VMs of one loop still share its batched list. Only a group with KPIs is watched [I]: as in ESC, monitoring is its
 * KPIs, and drift is seen at their polls.
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
  /** The KPIs as configured when armed: a change of them (a service update) re-arms. */
  kpisKey: string;
  kpis: WatchedKpi[];
  drift?: Drift;
}

/** The KPIs the monitor polls for a group: none when `kpi_data` is disabled. */
export function kpisOf(group: VmGroupSpec): KpiSpec[] {
  return group.kpiData.enabled ? group.kpiData.kpis : [];
}

/** `loopKey`: the monitor loop's key, whose hash places the loop's polls within the interval. */
export function armed(deployment: Deployment, vm: Vm & { serverId: string }, group: VmGroupSpec, now: number, loopKey: string): Watched {
  return {
    ref: { deploymentId: deployment.id, deploymentName: deployment.name, tenant: deployment.tenant, vmId: vm.id, vmName: vm.name, group: vm.group },
    serverId: vm.serverId,
    vm,
    group,
    kpisKey: kpisKeyOf(group),
    kpis: kpisOf(group).map((kpi) => ({ kpi, intervalMs: pollIntervalMs(kpi), due: firstDue(now, pollIntervalMs(kpi), loopKey), track: kpiArmed() })),
  };
}

/** One interval from `now`, less the loop's offset: a share of the half interval derived from its key. */
export function firstDue(now: number, intervalMs: number, loopKey: string): number {
  return now + intervalMs - (hashOf(loopKey) % Math.max(1, Math.floor(intervalMs / 2)));
}

/** FNV-1a: a stable spread of keys, the same in every run (no randomness to make a test flaky). */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Keys already made, per group as read: the VMs of one group share one string (10,000 watched VMs held one each). */
const kpisKeys = new WeakMap<VmGroupSpec, string>();

/** A group's KPIs as one string; a group read from the store is never changed in place, so it is made once per read. */
export function kpisKeyOf(group: VmGroupSpec): string {
  let key = kpisKeys.get(group);
  if (key === undefined) {
    key = JSON.stringify(kpisOf(group));
    kpisKeys.set(group, key);
  }
  return key;
}

/** Whether the KPI rides on a cycle at `now`: due within half its interval, as the poller batches waits. */
export const kpiRides = (k: WatchedKpi, now: number): boolean => k.due <= now + k.intervalMs / 2;

/** When the entry next needs its server read. */
export function dueAt(w: Watched): number {
  let due = Infinity;
  for (const k of w.kpis) due = Math.min(due, k.due);
  return due;
}
