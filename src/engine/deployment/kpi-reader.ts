/**
 * One KPI reading (IMPL-2) from the collectors there are: liveness (the liveness check on the
 * ACTIVE server, 1 alive or 0 not), a guest metric by the name `domain/kpi.ts` maps the collector
 * type to, and a script's number (`SCRIPT`, issue 12 item 3). Without a script runner (tests of
 * other things) a script KPI reads nothing, like a metric no guest reports.
 */
import { metricOf, scriptOf } from '../../domain/kpi.ts';
import type { KpiReader, Liveness, MetricSource, ScriptMetrics } from './deps.ts';

/** Liveness as a reading. */
const asReading = (alive: boolean): number => (alive ? 1 : 0);

export function kpiReader(liveness: Liveness, metrics: MetricSource, scripts?: ScriptMetrics): KpiReader {
  return {
    // Not an async function: the monitor reads every 3 s for each of 10,000 VMs, and each would add its own promise (issue 14).
    read(vm, server, group, kpi) {
      const metric = metricOf(kpi.metricCollector.type);
      if (metric === undefined) return Promise.resolve(undefined);
      if (metric === 'liveness') return liveness.isAlive(vm, server, group).then(asReading);
      if (metric === 'script') return scripts ? scripts.read(scriptOf(kpi) ?? '', vm, server, kpi) : Promise.resolve(undefined);
      return metrics.read(server, metric);
    },
  };
}
