/**
 * The environment a rule script gets (issue 12 item 5 [I], docs/esc-inferences.md): the KPI outcome
 * and the VM it is about, one variable each, so a script needs no arguments to parse.
 */
import type { KpiOutcome } from '../outcome.ts';

export function scriptEnv(o: KpiOutcome): Record<string, string> {
  return {
    ESC_EVENT: o.eventName,
    ESC_OUTCOME: o.outcome,
    KPI_VALUE: o.value === undefined ? '' : String(o.value),
    KPI_THRESHOLD: o.threshold,
    EVENT_TIME: o.at,
    TENANT: o.tenant,
    DEP_NAME: o.deploymentName,
    DEP_ID: o.deploymentId,
    VM_GROUP: o.group,
    VM_NAME: o.vmName,
  };
}
