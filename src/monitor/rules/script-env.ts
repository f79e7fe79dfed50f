/**
 * The environments scripts get (docs/esc-inferences.md), one variable each, so a script needs no
 * arguments to parse: a rule script (issue 12 item 5 [I]) the KPI outcome and the VM it is about; a
 * script metric (item 3 [I]) the VM it measures and its addresses, named as the day-0 variables name
 * them, with the KPI's own interface (`metric_collector/nicid`) also as `VM_IP_ADDRESS`.
 */
import type { KpiSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { ServerSeen } from '../../engine/deployment/deps.ts';
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

export function metricScriptEnv(vm: Vm, server: ServerSeen, kpi: KpiSpec): Record<string, string> {
  const nics = vm.interfaces.flatMap((i) => [
    [`NICID_${i.nicid}_IP_ADDRESS`, i.ipAddress ?? ''],
    [`NICID_${i.nicid}_MAC_ADDRESS`, i.macAddress ?? ''],
  ]);
  return {
    ESC_EVENT: kpi.eventName,
    DEP_ID: vm.deploymentId,
    VM_GROUP: vm.group,
    VM_NAME: vm.name,
    VIM_VM_NAME: vm.vimName,
    SERVER_ID: server.id,
    VM_IP_ADDRESS: vm.interfaces.find((i) => i.nicid === kpi.metricCollector.nicid)?.ipAddress ?? '',
    ...Object.fromEntries(nics),
  };
}
