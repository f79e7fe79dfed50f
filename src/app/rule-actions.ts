/**
 * The rule engine's actions port (`monitor/rules/actions-port.ts`) on the engine as the edges see it
 * — through the maintenance gate, so automatic actions are refused in maintenance like any change.
 * Scale actions need the scaling intent (`EngineApi.scaleVmGroup`, COMP-4), which is not built yet:
 * until it is, they are refused with an error saying so (the rule engine logs it).
 */
import type { EngineApi } from '../engine/api.ts';
import type { RuleActions } from '../monitor/rules/actions-port.ts';

export function ruleActions(api: EngineApi): RuleActions {
  return {
    getDeployment: (name) => api.getDeployment(name),
    getOperation: (id) => api.getOperation(id),
    recoverVm: (req) => api.recoverVm(req),
    announceVm: (req) => api.announceVm(req),
    scaleVmGroup: async (req) => {
      throw new Error(`scale-${req.direction} of vm_group [${req.group}] of deployment [${req.deploymentName}] is not available: this manager has no scaling intent yet`);
    },
  };
}
