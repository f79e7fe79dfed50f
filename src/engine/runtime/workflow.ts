/**
 * A workflow is what one operation kind does: `run` as durable steps, and `fail`, which records the
 * failure (states, FAILURE events) when `run` throws. Both return the outcome the completion
 * callback reports. A cancelled run (an undeploy cut in) calls neither. `D` is what the workflows
 * of an engine may touch; the runtime passes it through without knowing it.
 */
import type { OperationOutcome } from '../../domain/operation.ts';
import type { StepContext } from './step-context.ts';

export interface Workflow<D> {
  run(ctx: StepContext, deps: D): Promise<OperationOutcome>;
  fail(ctx: StepContext, deps: D, err: unknown): Promise<OperationOutcome>;
}
