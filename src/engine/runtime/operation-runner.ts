/**
 * Runs durable operations. Operations on one deployment (or one tenant) run one at a time, in the
 * order accepted; an undeploy may cut in (OPS-2, OPS-4) by cancelling the running one, which stops
 * at its next step or wait. Each run ends in exactly one of: COMPLETED, FAILED (the workflow's
 * `fail` recorded why), CANCELLED (an undeploy took over); the completion callback is enqueued
 * before the status is written, under a stable id, so a crash between the two sends it once more
 * at most, never zero times.
 *
 * On start-up `resumeAll` takes every RUNNING operation again; past `engine.operation.max.resumes`
 * an operation is failed with its notification instead (a poison operation must not loop forever).
 * `stop` (graceful shutdown) aborts runs without finishing them, so they resume at the next start.
 * The runner knows nothing of deployments or VMs: `D` (what workflows touch) passes through.
 */
import { errors, messageOf, type DomainError } from '../../domain/errors.ts';
import type { Operation, OperationKind, OperationOutcome, OperationStatus } from '../../domain/operation.ts';
import { isoTime } from '../../time/clock.ts';
import type { RuntimeDeps } from './runtime-deps.ts';
import { StepContext } from './step-context.ts';
import type { Workflow } from './workflow.ts';

const shutdown = Symbol('shutdown');

interface Running {
  op: Operation;
  ctl: AbortController;
}

export class OperationRunner<D extends RuntimeDeps> {
  #deps: D;
  #workflows: Partial<Record<OperationKind, Workflow<D>>>;
  #onFinished?: (op: Operation) => void;
  #tails = new Map<string, Promise<void>>();
  #running = new Map<string, Running>();
  #all = new Set<Promise<void>>();

  constructor(opts: { deps: D; workflows: Partial<Record<OperationKind, Workflow<D>>>; onFinished?: (op: Operation) => void }) {
    this.#deps = opts.deps;
    this.#workflows = opts.workflows;
    this.#onFinished = opts.onFinished;
  }

  static keyOf(op: Pick<Operation, 'deploymentId' | 'tenant'>): string {
    return op.deploymentId ? `deployment:${op.deploymentId}` : `tenant:${op.tenant}`;
  }

  submit(op: Operation): void {
    const key = OperationRunner.keyOf(op);
    const run = (this.#tails.get(key) ?? Promise.resolve()).then(() => this.#execute(key, op));
    const tail = run.catch((err) => this.#deps.log.error({ err, operation: op.id }, 'operation runner failed'));
    this.#tails.set(key, tail);
    this.#all.add(tail);
    void tail.finally(() => {
      this.#all.delete(tail);
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }

  /** Cancels the operation running on `key` (an undeploy cutting in); `reason` ends its steps and waits. */
  cancel(key: string, reason: DomainError): void {
    this.#running.get(key)?.ctl.abort(reason);
  }

  async resumeAll(): Promise<number> {
    const open = await this.#deps.store.listOperations({ status: 'RUNNING' });
    for (const op of open) {
      op.resumes += 1;
      op.updatedAt = isoTime(this.#deps.clock);
      await this.#deps.store.putOperation(op);
      this.submit(op);
    }
    return open.length;
  }

  /** Resolves when no operation is queued or running. */
  async idle(): Promise<void> {
    while (this.#all.size) await Promise.allSettled([...this.#all]);
  }

  async stop(): Promise<void> {
    for (const r of this.#running.values()) r.ctl.abort(shutdown);
    await this.idle();
  }

  async #execute(key: string, op: Operation): Promise<void> {
    const workflow = this.#workflows[op.kind];
    if (!workflow) throw errors.noWorkflow(op.kind);
    const ctl = new AbortController();
    this.#running.set(key, { op, ctl });
    try {
      const recorded = await this.#deps.store.getSteps(op.id);
      const ctx = new StepContext({ op, signal: ctl.signal, store: this.#deps.store, clock: this.#deps.clock, bus: this.#deps.bus, recorded });
      const poisoned = op.resumes > this.#deps.config.number('engine.operation.max.resumes');
      let status: OperationStatus;
      let outcome: OperationOutcome;
      try {
        if (poisoned) throw errors.operationPoisoned(op.id, op.resumes - 1);
        outcome = await workflow.run(ctx, this.#deps);
        status = 'COMPLETED';
      } catch (err) {
        if (ctl.signal.reason === shutdown) return;
        if (ctl.signal.aborted) {
          status = 'CANCELLED';
          outcome = { status: 'FAILURE', statusCode: 500, statusMessage: `Operation cancelled: ${messageOf(ctl.signal.reason)}` };
        } else {
          status = 'FAILED';
          outcome = await this.#failSafely(workflow, ctx, err);
        }
      }
      await this.#finish(op, status, outcome);
    } finally {
      this.#running.delete(key);
    }
  }

  async #failSafely(workflow: Workflow<D>, ctx: StepContext, err: unknown): Promise<OperationOutcome> {
    this.#deps.log.warn({ err, operation: ctx.op.id, kind: ctx.op.kind }, 'operation failed');
    const unaborted = new StepContext({ op: ctx.op, signal: new AbortController().signal, store: this.#deps.store, clock: this.#deps.clock, bus: this.#deps.bus, recorded: [] });
    try {
      return await workflow.fail(unaborted, this.#deps, err);
    } catch (failErr) {
      this.#deps.log.error({ err: failErr, operation: ctx.op.id }, 'recording the failure failed');
      return { status: 'FAILURE', statusCode: 500, statusMessage: messageOf(err) };
    }
  }

  async #finish(op: Operation, status: OperationStatus, outcome: OperationOutcome): Promise<void> {
    if (op.notify.completionUrl) await this.#deps.bus.enqueueCompletion(op, outcome);
    const now = isoTime(this.#deps.clock);
    const finished: Operation = { ...op, status, updatedAt: now, finishedAt: now };
    if (outcome.status === 'FAILURE') finished.error = outcome.statusMessage;
    await this.#deps.store.putOperation(finished);
    this.#onFinished?.(finished);
  }
}
