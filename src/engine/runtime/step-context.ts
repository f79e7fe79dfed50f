/**
 * One run of one operation. `step(name, fn)` is the durable unit (style guide §4): a step already
 * recorded returns its recorded output without running; otherwise `fn` runs and its output is
 * recorded. Names are unique within an operation (VM branches run in parallel, so steps are found
 * by name, not by position). A failed step is not recorded: a resume runs it again, and each step
 * makes that safe (creates are tagged and looked up first, deletes treat 404 as done).
 *
 * `emit` publishes an event with an id derived from the operation and a key, so a replayed step
 * re-publishes the same event, which the store keeps once (at-least-once delivery, stable ids). The
 * bus stamps its time when the store assigns its `seq`, not here.
 */
import { createHash } from 'node:crypto';
import type { DomainEvent } from '../../domain/event.ts';
import type { Operation, StepRecord } from '../../domain/operation.ts';
import { errors } from '../../domain/errors.ts';
import type { Store } from '../../store/store.ts';
import { isoTime, type Clock } from '../../time/clock.ts';
import type { EventPublisher } from './ports.ts';

export class StepContext {
  readonly op: Operation;
  readonly signal: AbortSignal;
  #store: Store;
  #clock: Clock;
  #bus: EventPublisher;
  #done: Map<string, StepRecord>;
  #seq: number;

  constructor(opts: { op: Operation; signal: AbortSignal; store: Store; clock: Clock; bus: EventPublisher; recorded: StepRecord[] }) {
    this.op = opts.op;
    this.signal = opts.signal;
    this.#store = opts.store;
    this.#clock = opts.clock;
    this.#bus = opts.bus;
    this.#done = new Map(opts.recorded.map((r) => [r.name, r]));
    this.#seq = opts.recorded.reduce((max, r) => Math.max(max, r.seq), 0);
  }

  /** True when the step was recorded by an earlier run. */
  has(name: string): boolean {
    return this.#done.has(name);
  }

  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const recorded = this.#done.get(name);
    if (recorded) return recorded.output as T;
    this.throwIfCancelled();
    const output = await fn();
    const record: StepRecord = {
      operationId: this.op.id,
      seq: ++this.#seq,
      name,
      status: 'done',
      output: output === undefined ? null : output,
      at: isoTime(this.#clock),
    };
    await this.#store.recordStep(record);
    this.#done.set(name, record);
    return output;
  }

  async emit(key: string, event: Omit<DomainEvent, 'id' | 'time' | 'operationId'>): Promise<void> {
    await this.#bus.publish(
      { ...event, id: stableEventId(this.op.id, key), operationId: this.op.id },
      this.op.notify,
    );
  }

  throwIfCancelled(): void {
    if (this.signal.aborted) throw this.signal.reason instanceof Error ? this.signal.reason : errors.operationCancelled(String(this.signal.reason));
  }
}

/** A uuid-shaped id derived from the operation and the event's key. */
export function stableEventId(operationId: string, key: string): string {
  const h = createHash('sha256').update(`${operationId}/${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
