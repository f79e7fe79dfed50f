/**
 * A workflow is what one operation kind does: `run` as durable steps, and `fail`, which records the
 * failure (states, FAILURE events) when `run` throws. Both return the outcome the completion
 * callback reports. A cancelled run (an undeploy cut in) calls neither.
 */
import type { EngineDeps } from '../deps.ts';
import type { Outcome } from '../ports.ts';
import type { StepContext } from '../step-context.ts';

export interface Workflow {
  run(ctx: StepContext, deps: EngineDeps): Promise<Outcome>;
  fail(ctx: StepContext, deps: EngineDeps, err: unknown): Promise<Outcome>;
}
