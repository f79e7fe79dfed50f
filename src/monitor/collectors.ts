/**
 * The collectors a KPI reads through (IMPL-2): liveness (the VIM's ACTIVE plus the configured
 * liveness check: 1 alive, 0 not) and guest metrics by name (`cpu`, `memory`, ... as
 * `domain/kpi.ts` maps collector types). Where metrics come from is a port: the embedded
 * emulator's guest model, or nothing on a cloud whose guests expose no metrics to the manager [I] —
 * a metrics KPI there reads no value, which counts no poll.
 */
import type { KpiSpec, VmGroupSpec } from '../domain/deployment-spec.ts';
import type { Vm } from '../domain/entities.ts';
import { metricOf } from '../domain/kpi.ts';
import type { Liveness } from '../engine/deployment/deps.ts';
import type { VimServer } from '../vim/driver.ts';

/** Reads one metric a guest reports; undefined when it reports none (or does not answer). */
export interface MetricSource {
  read(server: VimServer, metric: string): Promise<number | undefined>;
}

export interface Collectors {
  liveness: Liveness;
  metrics: MetricSource;
}

/** No metrics: clouds whose guests the manager cannot ask (`vim` and `icmp` liveness without an agent). */
export const noMetrics: MetricSource = { read: async () => undefined };

/** The embedded emulator's guests (`GET /_emulator/guests/{id}/metrics`, emulator/guest/). */
export function emulatorMetrics(emulatorUrl: string, timeoutMs = 5_000): MetricSource {
  return {
    async read(server, metric) {
      try {
        const res = await fetch(`${emulatorUrl}/_emulator/guests/${encodeURIComponent(server.id)}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
        const value = res.ok ? ((await res.json()) as { metrics?: Record<string, number> | null }).metrics?.[metric] : undefined;
        return typeof value === 'number' ? value : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** One reading of `kpi` on the VM whose server the batched list just returned. */
export async function collect(c: Collectors, vm: Vm, server: VimServer, group: VmGroupSpec, kpi: KpiSpec): Promise<number | undefined> {
  const metric = metricOf(kpi.metricCollector.type);
  if (metric === undefined) return undefined;
  if (metric === 'liveness') return (await c.liveness.isAlive(vm, server, group)) ? 1 : 0;
  return c.metrics.read(server, metric);
}
