/**
 * What the engine needs from its neighbours, as narrow interfaces, so it depends on no
 * implementation: the event bus (`src/events/bus.ts` satisfies `EventPublisher`), a logger, and
 * the renderer of completion callbacks that the northbound composition root supplies (the engine
 * knows nothing of XML or JSON).
 */
import type { DeploymentView, Tenant } from '../domain/entities.ts';
import type { DomainEvent } from '../domain/event.ts';
import type { NotifyTargets, Operation } from '../domain/operation.ts';
import type { CompletionCallback } from '../events/callback-messages.ts';

export interface EventPublisher {
  publish(event: DomainEvent, notify?: NotifyTargets): Promise<DomainEvent>;
  enqueueCompletion(req: CompletionCallback): Promise<void>;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** How an operation ended, and the resource its completion callback carries. */
export interface Outcome {
  status: 'SUCCESS' | 'FAILURE';
  statusCode: number;
  statusMessage: string;
  view?: DeploymentView;
  tenant?: Tenant;
}

export type CompletionRenderer = (op: Operation, outcome: Outcome) => { contentType: string; body: string };

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
