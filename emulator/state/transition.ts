/**
 * The one shape of a timed transition (server BUILD → ACTIVE, volume creating → available, image
 * saving → active, ...): find the resource, describe it to the fault rules, and act only while it is
 * still in the state that started the transition — a transition overtaken by a delete or another
 * action does nothing. Nova, Cinder and Glance differ only in the pieces they plug in here.
 */
import type { ResourceInfo } from '../faults/rules.ts';
import type { Cloud } from './cloud.ts';
import type { PendingTransition } from './model.ts';
import type { TransitionHandler } from './scheduler.ts';

export interface GuardedTransition<R> {
  /** The resource, or undefined when it is gone (the scheduler then drops the transition). */
  find(cloud: Cloud, id: string): R | undefined;
  /** The resource as `stuck` and `fail` fault rules see it. */
  describe(r: R): ResourceInfo;
  /** Whether the resource is still in the state (status or task state) that started the transition. */
  expected(r: R, t: PendingTransition): boolean;
  apply(cloud: Cloud, r: R, t: PendingTransition): void;
  /** A `fail` fault: the resource goes to its error state. */
  fail(cloud: Cloud, r: R, t: PendingTransition): void;
  /**
   * Whether a `fail` fault also needs the expected state (Cinder: `error_extending` only from
   * `extending`), or hits the resource whatever it is doing (a Nova server goes to ERROR, a Glance
   * image is killed).
   */
  guardFail: boolean;
  /** Runs after `apply` or `fail`, whether the guard held or not (a Glance save ends its server's image task). */
  settle?(cloud: Cloud, t: PendingTransition): void;
}

export function guardedTransition<R>(def: GuardedTransition<R>): TransitionHandler {
  return {
    describe(cloud, id) {
      const r = def.find(cloud, id);
      return r === undefined ? undefined : def.describe(r);
    },
    apply(cloud, t) {
      const r = def.find(cloud, t.resourceId);
      if (r !== undefined && def.expected(r, t)) def.apply(cloud, r, t);
      def.settle?.(cloud, t);
    },
    fail(cloud, t) {
      const r = def.find(cloud, t.resourceId);
      if (r !== undefined && (!def.guardFail || def.expected(r, t))) def.fail(cloud, r, t);
      def.settle?.(cloud, t);
    },
  };
}
