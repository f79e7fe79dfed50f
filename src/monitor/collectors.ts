/**
 * Where guest metrics come from (IMPL-2; the `MetricSource` port, `engine/deployment/deps.ts`): the
 * embedded emulator's guest model, or nothing on a cloud whose guests expose no metrics to the
 * manager [I] — a metrics KPI there reads no value, which counts no poll.
 */
import type { MetricSource } from '../engine/deployment/deps.ts';

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
