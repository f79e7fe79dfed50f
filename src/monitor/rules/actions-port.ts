/**
 * What the rule engine asks of the rest of the manager (IMPL-2): the engine's intents it acts
 * through — the manual recovery's own call, the one-event announcement, the scaling intent — and
 * the reads it decides on. `app/rule-actions.ts` adapts the engine (through the maintenance gate);
 * tests give a fake.
 */
import type { DeploymentView } from '../../domain/entities.ts';
import type { NotifyTargets, Operation } from '../../domain/operation.ts';
import type { Accepted, EngineApi } from '../../engine/api.ts';

export interface RuleActions {
  getDeployment(name: string): Promise<DeploymentView>;
  getOperation(id: string): Promise<Operation>;
  recoverVm(req: { vmName: string; notify: NotifyTargets; reason: string }): Promise<Accepted>;
  announceVm: EngineApi['announceVm'];
  scaleVmGroup: EngineApi['scaleVmGroup'];
}

/** Runs one script of `monitor.scripts.dir` with the event in its environment (`script-runner.ts`); resolves to its standard output. */
export type ScriptRunner = (name: string, env: Record<string, string>) => Promise<string>;
