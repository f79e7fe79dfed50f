/**
 * What the runtime needs from its neighbours, as narrow interfaces, so it depends on no
 * implementation: the event bus (`src/events/bus.ts` satisfies `EventPublisher`; it alone knows the
 * callback formats) and a logger.
 */
import type { DomainEvent, RaisedEvent } from '../../domain/event.ts';
import type { NotifyTargets, Operation, OperationOutcome } from '../../domain/operation.ts';
import type { Store } from '../../store/store.ts';

export interface EventPublisher {
  /** Stores the event, stamped with its time and `seq`, and returns it so. */
  publish(event: RaisedEvent, notify?: NotifyTargets): Promise<DomainEvent>;
  /**
   * Stores the operation's completion callback, rendered by `events/` from the outcome, `into` a
   * run's (fenced) store, in one transaction with `alongside`'s writes.
   */
  enqueueCompletion(op: Operation, outcome: OperationOutcome, into: Store, alongside?: (tx: Store) => Promise<unknown>): Promise<void>;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
