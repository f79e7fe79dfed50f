/**
 * Each KPI outcome and each drift observation logged at info level as the monitor hands it to the
 * rule engine, so what the monitor sees is visible in the log whatever the rules then do.
 */
import type { Logger } from '../engine/runtime/ports.ts';
import type { OutcomeSink } from './outcome.ts';

export function loggingSink(log: Logger): OutcomeSink {
  return {
    onOutcome: (o) => log.info({ kpi: o }, `KPI ${o.eventName} ${o.outcome} on VM ${o.vmName} (${o.threshold}, value ${o.value ?? 'none'})`),
    onDrift: (d) => log.info({ drift: d }, `drift: server ${d.serverId} of VM ${d.vmName} is ${d.observed}${d.status ? ` (${d.status})` : ''} on the VIM`),
  };
}
