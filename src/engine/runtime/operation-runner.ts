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
 *
 * Several managers on one database (issue 15, `deps.claims` shared): an operation runs on the
 * manager that owns its key's lease (`cluster-loop.ts` claims keys and hands their operations here);
 * `submit` only asks for a claim round. Every write of a run goes through a store fenced by its
 * lease, and every VIM call first checks the last heartbeat is fresh (`forRun` wraps the VIM
 * registry with that guard); a run that finds its lease lost stops without finishing — no status, no
 * completion: the new owner resumes it from its last recorded step. A takeover counts as a resume,
 * as a restart does with one manager, so an operation that kills every manager that runs it still
 * ends at `engine.operation.max.resumes`; one takeover after a healthy kill is one resume of five.
 */
import { errors, messageOf, type DomainError } from '../../domain/errors.ts';
import type { Operation, OperationKind, OperationOutcome, OperationStatus } from '../../domain/operation.ts';
import type { Claims, Lease, OwnedOperation } from '../../store/claims.ts';
import type { Store } from '../../store/store.ts';
import { isoTime } from '../../time/clock.ts';
import { ClusterLoop, type ClusterCounters, type MembersListener } from './cluster-loop.ts';
import type { RuntimeDeps } from './runtime-deps.ts';
import { soloClaims } from './solo-claims.ts';
import { StepContext } from './step-context.ts';
import type { Workflow } from './workflow.ts';

const shutdown = Symbol('shutdown');

interface Running {
  op: Operation;
  ctl: AbortController;
  /** Set when the run's lease turned out lost: it ends without finishing. */
  lost: boolean;
}

export interface RunnerOptions<D extends RuntimeDeps> {
  deps: D;
  workflows: Partial<Record<OperationKind, Workflow<D>>>;
  onFinished?: (op: Operation) => void;
  /** Several managers: who owns which key (default: this process owns every key, as with SQLite). */
  claims?: Claims;
  /** The deps one run sees, given its guard (to call before each VIM call; it throws once the lease is lost). */
  forRun?: (deps: D, guard: () => void) => D;
  counters?: ClusterCounters & { onLeaseLost?(count: number): void };
  /** Several managers: told the live instances after every heartbeat (the monitor's share of the deployments). */
  onMembers?: MembersListener;
}

export class OperationRunner<D extends RuntimeDeps> {
  #deps: D;
  #workflows: Partial<Record<OperationKind, Workflow<D>>>;
  #onFinished?: (op: Operation) => void;
  #claims: Claims;
  #forRun: (deps: D, guard: () => void) => D;
  #onLeaseLost?: (count: number) => void;
  #cluster: ClusterLoop | undefined;
  #tails = new Map<string, Promise<void>>();
  #running = new Map<string, Running>();
  #all = new Set<Promise<void>>();
  /** Operations queued or running here, by id (a claim round hands over only the others). */
  #known = new Set<string>();
  /** The leases of the keys this instance holds (with one manager: none, every key is its own). */
  #leases = new Map<string, Lease>();
  /** Set by `stop`: a claim round then takes nothing more up (the keys go to the others). */
  #stopping = false;

  constructor(opts: RunnerOptions<D>) {
    this.#deps = opts.deps;
    this.#workflows = opts.workflows;
    this.#onFinished = opts.onFinished;
    this.#claims = opts.claims ?? soloClaims(opts.deps.store);
    this.#forRun = opts.forRun ?? ((deps) => deps);
    this.#onLeaseLost = opts.counters?.onLeaseLost;
    if (this.#claims.shared) {
      this.#cluster = new ClusterLoop({
        claims: this.#claims,
        runs: this.#clusterRuns(),
        clock: opts.deps.clock,
        log: opts.deps.log,
        heartbeatSecs: opts.deps.config.number('ha.heartbeat.secs'),
        leaseSecs: opts.deps.config.number('ha.lease.secs'),
        counters: opts.counters,
        onMembers: opts.onMembers,
      });
    }
  }

  static keyOf(op: Pick<Operation, 'deploymentId' | 'tenant'>): string {
    return op.deploymentId ? `deployment:${op.deploymentId}` : `tenant:${op.tenant}`;
  }

  /** Who runs what: this instance's id and the claims behind it (the cluster view). */
  get claims(): Claims {
    return this.#claims;
  }

  /** Runs an accepted operation; with several managers, asks for a claim round (its key's owner runs it). */
  submit(op: Operation): void {
    if (this.#cluster) void this.#cluster.poke().catch((err: unknown) => this.#deps.log.warn({ err }, 'claim round failed'));
    else this.#enqueue(op, { key: OperationRunner.keyOf(op), owner: this.#claims.instanceId(), epoch: 0 });
  }

  /**
   * Cancels the operation running on `key` before `byOperation` (an undeploy cutting in); `reason`
   * ends its steps and waits. With several managers the owner of the key is asked too.
   */
  cancel(key: string, reason: DomainError, byOperation: string): void {
    const running = this.#running.get(key);
    if (running && running.op.id !== byOperation) running.ctl.abort(reason);
    if (this.#cluster) {
      void this.#claims.requestCancel({ key, byOperation, reason: reason.message }).catch((err: unknown) => this.#deps.log.warn({ err, key }, 'cancel request not recorded'));
    }
  }

  /** At start: one manager resumes every RUNNING operation; several register and claim what is theirs to run. */
  async resumeAll(): Promise<number> {
    if (this.#cluster) return this.#cluster.start();
    const open = await this.#deps.store.listOperations({ status: 'RUNNING' });
    for (const op of open) {
      await this.#countResume(op, this.#deps.store);
      this.submit(op);
    }
    return open.length;
  }

  /** Resolves when no operation is queued or running. */
  async idle(): Promise<void> {
    while (this.#all.size) await Promise.allSettled([...this.#all]);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    for (const r of this.#running.values()) r.ctl.abort(shutdown);
    await this.idle();
    await this.#cluster?.stop();
  }

  #enqueue(op: Operation, lease: Lease, takenOver = false): void {
    const key = lease.key;
    this.#known.add(op.id);
    const run = (this.#tails.get(key) ?? Promise.resolve()).then(() => this.#execute(key, op, lease, takenOver));
    const tail = run.catch((err) => this.#deps.log.error({ err, operation: op.id }, 'operation runner failed'));
    this.#tails.set(key, tail);
    this.#all.add(tail);
    void tail.finally(() => {
      this.#all.delete(tail);
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }

  async #execute(key: string, queued: Operation, lease: Lease, takenOver: boolean): Promise<void> {
    const workflow = this.#workflows[queued.kind];
    if (!workflow) throw errors.noWorkflow(queued.kind);
    const running: Running = { op: queued, ctl: new AbortController(), lost: false };
    const { ctl } = running;
    const store = this.#claims.fenced(lease, () => this.#lose(running));
    this.#running.set(key, running);
    try {
      if (!this.#holds(lease)) return;
      // Read again: a claim round may hand over an operation that finished since (its lease kept).
      const op = this.#cluster ? await store.getOperation(queued.id) : queued;
      if (op?.status !== 'RUNNING') return;
      running.op = op;
      if (takenOver) await this.#countResume(op, store);
      const deps = this.#forRun({ ...this.#deps, store }, () => this.#guard(running, lease));
      const recorded = await store.getSteps(op.id);
      const ctx = new StepContext({ op, signal: ctl.signal, store, clock: this.#deps.clock, bus: this.#deps.bus, recorded });
      const poisoned = op.resumes > this.#deps.config.number('engine.operation.max.resumes');
      let status: OperationStatus;
      let outcome: OperationOutcome;
      try {
        if (poisoned) throw errors.operationPoisoned(op.id, op.resumes - 1);
        outcome = await workflow.run(ctx, deps);
        status = 'COMPLETED';
      } catch (err) {
        if (ctl.signal.reason === shutdown || running.lost) return;
        if (ctl.signal.aborted) {
          status = 'CANCELLED';
          outcome = { status: 'FAILURE', statusCode: 500, statusMessage: `Operation cancelled: ${messageOf(ctl.signal.reason)}` };
        } else {
          status = 'FAILED';
          outcome = await this.#failSafely(workflow, ctx, deps, err);
        }
      }
      if (running.lost) return;
      await this.#finish(op, status, outcome, store);
    } catch (err) {
      if (!running.lost) throw err;
    } finally {
      this.#running.delete(key);
      this.#known.delete(queued.id);
    }
  }

  async #failSafely(workflow: Workflow<D>, ctx: StepContext, deps: D, err: unknown): Promise<OperationOutcome> {
    this.#deps.log.warn({ err, operation: ctx.op.id, kind: ctx.op.kind }, 'operation failed');
    const unaborted = new StepContext({ op: ctx.op, signal: new AbortController().signal, store: deps.store, clock: this.#deps.clock, bus: this.#deps.bus, recorded: [] });
    try {
      return await workflow.fail(unaborted, deps, err);
    } catch (failErr) {
      this.#deps.log.error({ err: failErr, operation: ctx.op.id }, 'recording the failure failed');
      return { status: 'FAILURE', statusCode: 500, statusMessage: messageOf(err) };
    }
  }

  async #finish(op: Operation, status: OperationStatus, outcome: OperationOutcome, store: Store): Promise<void> {
    const now = isoTime(this.#deps.clock);
    const finished: Operation = { ...op, status, updatedAt: now, finishedAt: now };
    if (outcome.status === 'FAILURE') finished.error = outcome.statusMessage;
    const end = (tx: Store) => tx.putOperation(finished);
    // Into the run's store: with several managers a fenced write, so an instance that lost its lease
    // announces no end (the lease is checked in the enqueue's own transaction, not just before it).
    // The callback and the end commit together (OPS-6): no COMPLETED without its callback.
    if (op.notify.completionUrl) await this.#deps.bus.enqueueCompletion(op, outcome, store, end);
    else await end(store);
    this.#onFinished?.(finished);
  }

  async #countResume(op: Operation, store: Store): Promise<void> {
    op.resumes += 1;
    op.updatedAt = isoTime(this.#deps.clock);
    await store.putOperation(op);
  }

  /** Before each VIM call of a run: a stale heartbeat (this process was paused, or the database is out of reach) drops every run. */
  #guard(running: Running, lease: Lease): void {
    if (!this.#claims.fresh()) this.#loseAll();
    if (!this.#holds(lease)) this.#lose(running);
    if (running.lost) running.ctl.signal.throwIfAborted();
  }

  /** Whether `lease` is still the one this instance holds for its key (always, with one manager). */
  #holds(lease: Lease): boolean {
    if (!this.#cluster) return true;
    const held = this.#leases.get(lease.key);
    return held?.owner === lease.owner && held.epoch === lease.epoch;
  }

  #lose(running: Running): void {
    if (running.lost) return;
    running.lost = true;
    const key = OperationRunner.keyOf(running.op);
    if (this.#leases.get(key)?.owner === this.#claims.instanceId()) this.#leases.delete(key);
    this.#onLeaseLost?.(1);
    this.#deps.log.warn({ operation: running.op.id }, 'lease lost: the run is left to the new owner');
    running.ctl.abort(errors.leaseLost(key));
  }

  #loseAll(): void {
    for (const r of this.#running.values()) this.#lose(r);
    this.#leases.clear();
  }

  #clusterRuns() {
    return {
      hold: (lease: Lease) => {
        if (!this.#leases.has(lease.key)) this.#leases.set(lease.key, lease);
      },
      take: ({ op, lease }: OwnedOperation, takenOver: boolean) => {
        if (this.#stopping) return false;
        this.#leases.set(lease.key, lease);
        if (this.#known.has(op.id)) return false;
        this.#enqueue(op, lease, takenOver);
        return true;
      },
      loseAll: () => this.#loseAll(),
      cancel: (key: string, byOperation: string, reason: string) => {
        const running = this.#running.get(key);
        if (running && running.op.id !== byOperation) running.ctl.abort(errors.operationCancelled(reason));
      },
      idleLeases: () => [...this.#leases.values()].filter((l) => !this.#tails.has(l.key)),
      forget: (key: string) => this.#leases.delete(key),
    };
  }
}
