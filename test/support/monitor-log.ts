/**
 * What the manager logs about monitoring, captured for end-to-end tests (IMPL-2): each KPI outcome
 * and drift as the monitor hands it to the rule engine (`monitor/log-sink.ts`), as
 * `<event> <TRUE|FALSE> <value>` / `drift <observed>` in `lines`; every log message in `messages`.
 */
import pino from 'pino';
import { eventually } from './manager.ts';

export interface MonitorLog {
  logger: pino.Logger;
  lines: string[];
  messages: string[];
  /** Waits until a line matching `line` is logged at or after index `from`; returns the index after it. */
  until(line: string | RegExp, from: number, timeoutMs?: number): Promise<number>;
}

export function monitorLog(): MonitorLog {
  const lines: string[] = [];
  const messages: string[] = [];
  const logger = pino({ level: 'info' }, {
    write(text: string) {
      const entry = JSON.parse(text) as { msg?: string; kpi?: { eventName: string; outcome: string; value?: number }; drift?: { observed: string } };
      // The rule engine's own lines name the KPI by a string; the monitor's carry the whole outcome.
      if (typeof entry.kpi === 'object') lines.push(`${entry.kpi.eventName} ${entry.kpi.outcome} ${entry.kpi.value}`);
      if (typeof entry.drift === 'object') lines.push(`drift ${entry.drift.observed}`);
      if (entry.msg) messages.push(entry.msg);
    },
  });
  const matches = (l: string, line: string | RegExp) => (typeof line === 'string' ? l === line : line.test(l));
  return {
    logger,
    lines,
    messages,
    until: (line, from, timeoutMs = 15_000) =>
      eventually(() => {
        const at = lines.findIndex((l, i) => i >= from && matches(l, line));
        return at < 0 ? undefined : at + 1;
      }, timeoutMs, String(line)),
  };
}
