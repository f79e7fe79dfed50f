/**
 * The rule engine's actions port (`monitor/rules/actions-port.ts`) on the engine as the edges see it
 * — through the maintenance gate, so automatic actions are refused in maintenance like any change.
 */
import type { EngineApi } from '../engine/api.ts';
import type { RuleActions } from '../monitor/rules/actions-port.ts';

export function ruleActions(api: EngineApi): RuleActions {
  return {
    getDeployment: (name) => api.getDeployment(name),
    getOperation: (id) => api.getOperation(id),
    recoverVm: (req) => api.recoverVm(req),
    announceVm: (req) => api.announceVm(req),
    scaleVmGroup: (req) => api.scaleVmGroup(req),
  };
}
