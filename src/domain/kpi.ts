/**
 * KPI evaluation (IMPL-2, esc-interface.md §6.1), pure: what a collector type reads, whether one
 * reading meets `metric_cond metric_value`, and when consecutive polls raise an outcome.
 *
 * - A collector type reads one metric [I]: `ICMPPing` reads liveness (1 alive, 0 not; the outcome
 *   is TRUE while alive, whatever the condition says — ESC's canonical `VM_ALIVE` is `GT 1`, which no
 *   ping value meets); `CPU`, `MEMORY`, `DISK`, `NETWORK` read the guest's metric of that name in
 *   lower case (percent of use; network in Mbit/s). `SCRIPT` reads the number a script prints: the
 *   file its `properties/property[script_filename]` names in `monitor.scripts.dir` (issue 12 item 3,
 *   ESC's dynamic-mapping script metric; docs/esc-inferences.md). Any other type is bad input.
 * - `metric_occurrences_true` / `metric_occurrences_false` consecutive polls with the same result
 *   raise the TRUE / FALSE outcome; `continuous_alarm` false raises once per change, true raises on
 *   every poll while the outcome holds.
 * - A poll without a reading (the guest does not answer a metric read) is not counted [I]: liveness
 *   is the KPI that notices a guest that stopped answering.
 */
import type { KpiSpec, VmGroupSpec } from './deployment-spec.ts';
import { isScriptFileName } from './script-name.ts';

export const collectorMetrics = { ICMPPING: 'liveness', CPU: 'cpu', MEMORY: 'memory', DISK: 'disk', NETWORK: 'network', SCRIPT: 'script' } as const;
export type CollectorMetric = (typeof collectorMetrics)[keyof typeof collectorMetrics];

/** The metric a collector type reads, or undefined for a type the manager has no collector for. */
export function metricOf(collectorType: string): CollectorMetric | undefined {
  return (collectorMetrics as Record<string, CollectorMetric>)[collectorType.toUpperCase()];
}

const conditions: Record<string, (value: number, threshold: number) => boolean> = {
  GT: (v, t) => v > t,
  LT: (v, t) => v < t,
  EQ: (v, t) => v === t,
  GE: (v, t) => v >= t,
  LE: (v, t) => v <= t,
};

/** Whether one reading meets the KPI: liveness by the reading alone, a metric by its condition. */
export function kpiHolds(kpi: KpiSpec, value: number): boolean {
  if (metricOf(kpi.metricCollector.type) === 'liveness') return value === 1;
  return conditions[kpi.metricCond.toUpperCase()]!(value, Number(kpi.metricValue));
}

/** The property of a `SCRIPT` collector that names its script (ESC's dynamic-mapping name for it). */
export const scriptFileProperty = 'script_filename';

/** The script file a `SCRIPT` KPI runs, as written (checked by `kpiProblem`); undefined for other collectors. */
export function scriptOf(kpi: KpiSpec): string | undefined {
  if (metricOf(kpi.metricCollector.type) !== 'script') return undefined;
  return kpi.metricCollector.properties?.find((p) => p.name === scriptFileProperty)?.value ?? '';
}

/** `poll_frequency` × `polling_unit` (seconds or minutes) in milliseconds. */
export function pollIntervalMs(kpi: KpiSpec): number {
  return kpi.metricCollector.pollFrequency * (kpi.metricCollector.pollingUnit.toLowerCase() === 'minutes' ? 60_000 : 1_000);
}

export type Outcome = 'TRUE' | 'FALSE';

/** What a KPI remembers of one VM between polls; `kpiArmed` after VM_ALIVE, start, reboot or enable. */
export interface KpiTrack {
  /** The result of the consecutive polls so far and how many there were. */
  streak?: Outcome;
  count: number;
  /** The outcome last raised (a non-continuous alarm raises again only after it changed). */
  raised?: Outcome;
}

export const kpiArmed = (): KpiTrack => ({ count: 0 });

/** One poll's result folded into the track: the new track, and the outcome to raise, if any. */
export function kpiPolled(kpi: KpiSpec, track: KpiTrack, holds: boolean): { track: KpiTrack; raise?: Outcome } {
  const result: Outcome = holds ? 'TRUE' : 'FALSE';
  const count = track.streak === result ? track.count + 1 : 1;
  const needed = holds ? kpi.metricOccurrencesTrue : kpi.metricOccurrencesFalse;
  const raise = count >= needed && (kpi.metricCollector.continuousAlarm || track.raised !== result);
  return raise ? { track: { streak: result, count, raised: result }, raise: result } : { track: { ...track, streak: result, count } };
}

const kpiPath = (group: Pick<VmGroupSpec, 'name'>, kpi: KpiSpec) => `vm_group[${group.name}]/kpi_data/kpi[${kpi.eventName}]`;

/** Where a script KPI names its script, for the errors about it. */
export const scriptPath = (group: Pick<VmGroupSpec, 'name'>, kpi: KpiSpec) => `${kpiPath(group, kpi)}/metric_collector/properties/property[${scriptFileProperty}]`;

/** Bad input in a group's `kpi_data`, checked at request time: path and problem, or undefined. */
export function kpiProblem(group: VmGroupSpec): { path: string; problem: string } | undefined {
  for (const kpi of group.kpiData.kpis) {
    const path = kpiPath(group, kpi);
    const metric = metricOf(kpi.metricCollector.type);
    if (!metric) return { path: `${path}/metric_collector/type`, problem: ` ${kpi.metricCollector.type} is no known collector; expected one of ICMPPing, CPU, MEMORY, DISK, NETWORK, SCRIPT` };
    const script = scriptOf(kpi);
    if (script !== undefined && !isScriptFileName(script))
      return { path: scriptPath(group, kpi), problem: script ? ` ${script} names a script by a path; a script metric is a file name in monitor.scripts.dir` : ' is missing: a SCRIPT collector names its script' };
    if (metric !== 'liveness' && !isNumber(kpi.metricValue)) return { path: `${path}/metric_value`, problem: ` ${kpi.metricValue} is not a number` };
  }
  return undefined;
}

const isNumber = (text: string): boolean => text.trim() !== '' && Number.isFinite(Number(text));
