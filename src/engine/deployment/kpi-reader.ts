/**
 * One KPI reading (IMPL-2) from the collectors there are: liveness (the liveness check on the
 * ACTIVE server, 1 alive or 0 not), a guest metric by the name `domain/kpi.ts` maps the collector
 * type to, and a script's number (`SCRIPT`, issue 12 item 3). Without a script runner (tests of
 * other things) a script KPI reads nothing, like a metric no guest reports.
 */
import { metricOf, scriptOf } from '../../domain/kpi.ts';
import type { KpiReader, Liveness, MetricSource, ScriptMetrics } from './deps.ts';

export function kpiReader(liveness: Liveness, metrics: MetricSource, scripts?: ScriptMetrics): KpiReader {
  return {
    async read(vm, server, group, kpi) {
      const metric = metricOf(kpi.metricCollector.type);
      if (metric === undefined) return undefined;
      if (metric === 'liveness') return (await liveness.isAlive(vm, server, group)) ? 1 : 0;
      if (metric === 'script') return scripts?.read(scriptOf(kpi) ?? '', vm, server, kpi);
      return metrics.read(server, metric);
    },
  };
}
