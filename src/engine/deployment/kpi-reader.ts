/**
 * One KPI reading (IMPL-2) from the two collectors there are: liveness (the liveness check on the
 * ACTIVE server, 1 alive or 0 not) and a guest metric by the name `domain/kpi.ts` maps the
 * collector type to.
 */
import { metricOf } from '../../domain/kpi.ts';
import type { KpiReader, Liveness, MetricSource } from './deps.ts';

export function kpiReader(liveness: Liveness, metrics: MetricSource): KpiReader {
  return {
    async read(vm, server, group, kpi) {
      const metric = metricOf(kpi.metricCollector.type);
      if (metric === undefined) return undefined;
      if (metric === 'liveness') return (await liveness.isAlive(vm, server, group)) ? 1 : 0;
      return metrics.read(server, metric);
    },
  };
}
