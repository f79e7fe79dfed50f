/**
 * What monitoring observes, handed to the rules (IMPL-2, esc-interface.md §6.1): a KPI's outcome for
 * one VM once its `metric_occurrences_true` / `metric_occurrences_false` consecutive polls agree, and
 * drift — a server found deleted, stopped or in error on the VIM behind the manager's back. The
 * collectors and the scheduler (`src/monitor/`) produce these; the rule engine consumes them.
 */

export interface MonitoredVmRef {
  deploymentId: string;
  deploymentName: string;
  tenant: string;
  vmId: string;
  /** Generated VM name (`<dep>_<group>_<index>_<uuid>`), the name engine calls take. */
  vmName: string;
  group: string;
}

export interface KpiOutcome extends MonitoredVmRef {
  /** The KPI's `event_name`, which rules correlate on. */
  eventName: string;
  outcome: 'TRUE' | 'FALSE';
  /** The last value collected (liveness: 1 alive, 0 not). */
  value?: number;
  /** `metric_cond metric_value`, e.g. `GT 80`. */
  threshold: string;
  /** ISO time of the poll that decided the outcome. */
  at: string;
}

export interface DriftObservation extends MonitoredVmRef {
  serverId: string;
  /** What the VIM showed: the server gone, or its status (SHUTOFF, ERROR, ...). */
  observed: 'GONE' | 'SHUTOFF' | 'ERROR' | 'OTHER';
  status?: string;
  at: string;
}

export interface OutcomeSink {
  onOutcome(o: KpiOutcome): void;
  onDrift(d: DriftObservation): void;
}
