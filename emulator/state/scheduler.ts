/**
 * Timed transitions (BUILD→ACTIVE, creating→available, ...). Each one is a `PendingTransition`
 * recorded in the state before its timer starts, so a restart resumes it with the time it has
 * left (IMPL-4, embedded VIM). Handlers are looked up by `kind`; each (a `guardedTransition`,
 * transition.ts) re-checks that its resource is still in the state it expects, so a transition
 * overtaken by a delete is a no-op.
 * Fault rules are consulted when a transition is due: `stuck` holds it (until the rules change),
 * `fail` runs the handler's failure branch instead.
 */
import type { PendingTransition } from './model.ts';
import type { Cloud, TransitionScheduler } from './cloud.ts';
import type { ResourceInfo } from '../faults/rules.ts';
import type { DurationKey } from '../faults/timing.ts';
import { uuid } from './ids.ts';

export interface TransitionHandler {
  /** The resource as fault rules see it; undefined when it is gone (transition dropped). */
  describe(cloud: Cloud, resourceId: string): ResourceInfo | undefined;
  apply(cloud: Cloud, t: PendingTransition): void;
  fail(cloud: Cloud, t: PendingTransition): void;
}

export type TransitionTable = Record<string, TransitionHandler>;

export class Scheduler implements TransitionScheduler {
  readonly #cloud: () => Cloud;
  readonly #handlers: TransitionTable;
  readonly #abort = new AbortController();

  constructor(cloud: () => Cloud, handlers: TransitionTable) {
    this.#cloud = cloud;
    this.#handlers = handlers;
  }

  schedule(kind: string, resourceId: string, after: DurationKey | number, data: Record<string, unknown> = {}): void {
    if (!this.#handlers[kind]) throw new Error(`no transition handler for ${kind}`);
    const cloud = this.#cloud();
    const ms = typeof after === 'number' ? after : cloud.timing.duration(after);
    const t: PendingTransition = { id: uuid(), kind, resourceId, dueAt: cloud.clock.now() + ms, held: false, data };
    cloud.state.pending.push(t);
    this.#arm(t);
  }

  cancel(resourceId: string, kinds?: string[]): void {
    const state = this.#cloud().state;
    state.pending = state.pending.filter((t) => t.resourceId !== resourceId || (kinds !== undefined && !kinds.includes(t.kind)));
  }

  resume(): void {
    for (const t of this.#cloud().state.pending) if (!t.held) this.#arm(t);
  }

  releaseHeld(): void {
    for (const t of this.#cloud().state.pending) {
      if (!t.held) continue;
      t.held = false;
      this.#fire(t.id);
    }
  }

  close(): void {
    this.#abort.abort(new Error('emulator closed'));
  }

  #arm(t: PendingTransition): void {
    const wait = Math.max(0, t.dueAt - this.#cloud().clock.now());
    this.#cloud()
      .clock.sleep(wait, this.#abort.signal)
      .then(
        () => this.#fire(t.id),
        () => {},
      );
  }

  #fire(id: string): void {
    if (this.#abort.signal.aborted) return;
    const cloud = this.#cloud();
    const t = cloud.state.pending.find((p) => p.id === id);
    if (!t || t.held) return;
    const handler = this.#handlers[t.kind] as TransitionHandler;
    const info = handler.describe(cloud, t.resourceId);
    if (info && cloud.faults.stuck(info)) {
      t.held = true;
      cloud.persistSoon();
      return;
    }
    cloud.state.pending = cloud.state.pending.filter((p) => p.id !== id);
    if (info) {
      if (cloud.faults.fails(info)) handler.fail(cloud, t);
      else handler.apply(cloud, t);
    }
    cloud.persistSoon();
  }
}
