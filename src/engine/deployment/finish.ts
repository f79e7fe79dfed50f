/**
 * Ends a service-level workflow: the deployment enters `state`, the service event reports the
 * outcome, and the outcome (with the view the completion callback carries) is returned.
 */
import type { EventType } from '../../domain/event.ts';
import type { OperationOutcome } from '../../domain/operation.ts';
import type { ServiceState } from '../../domain/states.ts';
import type { StepContext } from '../runtime/step-context.ts';
import type { EngineDeps } from './deps.ts';
import { serviceEvent, type StatusReport } from './event-bodies.ts';
import { saveDeployment, viewOf, type Target } from './target.ts';

export async function finishService(
  ctx: Pick<StepContext, 'emit'>,
  deps: EngineDeps,
  t: Target,
  end: { state: ServiceState; event: EventType; key: string },
  report: StatusReport,
): Promise<OperationOutcome> {
  t.deployment.state = end.state;
  await saveDeployment(deps, t);
  await ctx.emit(end.key, serviceEvent(t, end.event, report));
  return { ...report, view: viewOf(t) };
}
