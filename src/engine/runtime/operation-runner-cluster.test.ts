/**
 * The runner with several managers (issue 15 item 2), on scripted claims: which operations a claim
 * round hands over, which leases are lost, whether the heartbeat is fresh. (The claims SQL itself
 * is tested on PostgreSQL in `store/postgres/claims.test.ts`; two real managers in
 * `test/e2e/ha-takeover.test.ts`.)
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { errors, messageOf } from '../../domain/errors.ts';
import type { Operation, OperationOutcome } from '../../domain/operation.ts';
import type { CancelRequest, Claims, Lease, OwnedOperation } from '../../store/claims.ts';
import { operation } from '../../store/contract/fixtures.ts';
import type { Store } from '../../store/store.ts';
import { openRuntimeWorld, until, type RuntimeWorld } from '../testing/runtime-world.ts';
import { OperationRunner } from './operation-runner.ts';
import type { RuntimeDeps } from './runtime-deps.ts';
import type { Workflow } from './workflow.ts';

/** A store's calls that write (what the claims fence). */
const writes = /^(put|delete|record|append|enqueue|update|transaction)/;

/** Claims as a test scripts them: what the next round hands over and takes over, which keys are lost. */
class ScriptedClaims implements Claims {
  readonly shared = true;
  fresh = () => this.isFresh;
  isFresh = true;
  owned: () => Promise<OwnedOperation[]> = async () => this.handOver;
  handOver: OwnedOperation[] = [];
  takeOver: Lease[] = [];
  lostKeys = new Set<string>();
  cancels: CancelRequest[] = [];
  requested: CancelRequest[] = [];
  #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  instanceId = () => 'me';
  start = async () => undefined;
  heartbeat = async () => 'alive' as const;
  claim = async () => ({ claimed: [], takenOver: this.takeOver.splice(0) });
  release = async () => true;
  requestCancel = async (r: CancelRequest) => void this.requested.push(r);
  takeCancelRequests = async () => this.cancels.splice(0);
  instances: Claims['instances'] = async () => [];
  stop = async () => undefined;

  fenced(lease: Lease, onLost: () => void): Store {
    const store = this.#store;
    const lostKeys = this.lostKeys;
    return new Proxy(store, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== 'function') return value;
        if (typeof prop !== 'string' || !writes.test(prop)) return value.bind(target);
        return (...args: unknown[]) => {
          if (lostKeys.has(lease.key)) {
            onLost();
            return Promise.reject(errors.leaseLost(lease.key));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
}

type Deps = RuntimeDeps & { vimCall?: () => void };

let world: RuntimeWorld;
let claims: ScriptedClaims;
let log: string[];
let finished: Operation[];
let losses: number;
let runner: OperationRunner<Deps>;

const key = 'deployment:d1';
const lease: Lease = { key, owner: 'me', epoch: 3 };
const done: OperationOutcome = { status: 'SUCCESS', statusCode: 200, statusMessage: 'done' };

/** Step `a`, a wait of a minute, a VIM call (through the run's guard), step `b`. */
const deploy: Workflow<Deps> = {
  async run(ctx, deps) {
    await ctx.step('a', async () => void log.push(`${ctx.op.id} a`));
    await ctx.step('wait', () => world.clock.sleep(60_000, ctx.signal));
    deps.vimCall?.();
    log.push(`${ctx.op.id} vim`);
    await ctx.step('b', async () => void log.push(`${ctx.op.id} b`));
    return done;
  },
  async fail(ctx, _deps, err) {
    log.push(`fail ${ctx.op.id}: ${messageOf(err)}`);
    return { status: 'FAILURE', statusCode: 500, statusMessage: messageOf(err) };
  },
};
const undeploy: Workflow<Deps> = { run: async (ctx) => (log.push(`${ctx.op.id} run`), done), fail: deploy.fail };

beforeEach(async () => {
  world = await openRuntimeWorld();
  claims = new ScriptedClaims(world.temp.store);
  log = [];
  finished = [];
  losses = 0;
  runner = new OperationRunner<Deps>({
    deps: world.deps(),
    workflows: { deploy, undeploy },
    onFinished: (op) => finished.push(op),
    claims,
    forRun: (deps, guard) => ({ ...deps, vimCall: guard }),
    counters: { onLeaseLost: (n) => (losses += n) },
  });
});
afterEach(async () => {
  await runner.stop();
  await world.dispose();
});

async function owned(id: string, more: Partial<Operation> = {}): Promise<OwnedOperation> {
  const op = operation(id, more);
  await world.temp.store.putOperation(op);
  return { op, lease };
}

const stored = async (id: string) => (await world.temp.store.getOperation(id))!;

test('issue 15: a key taken over from a dead manager: its operation resumes from its last step, the takeover counted as a resume', async () => {
  const o = await owned('op-1');
  await world.temp.store.recordStep({ operationId: 'op-1', seq: 1, name: 'a', status: 'done', output: null, at: o.op.createdAt });
  claims.handOver = [o];
  claims.takeOver = [lease];
  assert.equal(await runner.resumeAll(), 1);
  await world.runOut(until(() => finished.length === 1, 100_000));
  assert.deepEqual(log, ['op-1 vim', 'op-1 b']);
  assert.deepEqual([(await stored('op-1')).status, (await stored('op-1')).resumes], ['COMPLETED', 1]);
});

test('issue 15: a run whose fenced write finds the lease lost stops without finishing: no status, no completion', async () => {
  claims.handOver = [await owned('op-1')];
  await runner.resumeAll();
  await until(() => log.includes('op-1 a'));
  claims.lostKeys.add(key);
  await world.runOut(runner.idle());
  assert.deepEqual(log, ['op-1 a']);
  assert.equal((await stored('op-1')).status, 'RUNNING');
  assert.deepEqual((await world.temp.store.getSteps('op-1')).map((s) => s.name), ['a']);
  assert.deepEqual([finished, losses], [[], 1]);
  assert.deepEqual(await world.temp.store.listOutbox(), []);
});

test('issue 15: a stale heartbeat (a paused process resumed) drops the run before its next VIM call', async () => {
  claims.handOver = [await owned('op-1')];
  await runner.resumeAll();
  await until(() => log.includes('op-1 a'));
  claims.isFresh = false;
  await world.runOut(runner.idle());
  assert.deepEqual(log, ['op-1 a']);
  assert.equal((await stored('op-1')).status, 'RUNNING');
  assert.deepEqual([finished, losses], [[], 1]);
});

test('issue 15: an undeploy accepted elsewhere cancels the run through a cancel request; here, one is written for the owner', async () => {
  claims.handOver = [await owned('op-1')];
  await runner.resumeAll();
  await until(() => log.includes('op-1 a'));
  const reason = errors.deploymentBeingUndeployed('dep-d1').message;
  claims.cancels = [{ key, byOperation: 'op-u', reason }];
  claims.handOver = [...claims.handOver, await owned('op-u', { kind: 'undeploy' })];
  runner.submit(await stored('op-u'));
  await world.runOut(until(() => finished.length === 2, 100_000));
  assert.deepEqual(finished.map((op) => [op.id, op.status, op.error]), [
    ['op-1', 'CANCELLED', `Operation cancelled: ${reason}`],
    ['op-u', 'COMPLETED', undefined],
  ]);

  runner.cancel('deployment:d2', errors.deploymentBeingUndeployed('dep-d2'), 'op-u2');
  await until(() => claims.requested.length === 1);
  assert.deepEqual(claims.requested, [{ key: 'deployment:d2', byOperation: 'op-u2', reason: 'deployment [dep-d2] is being undeployed' }]);
});

test('issue 15: at start (and after each heartbeat) the monitor is told the live instances: those whose heartbeat is younger than the lease', async () => {
  const told: string[][] = [];
  claims.instances = async () => [
    { id: 'me', host: 'h', heartbeatAgeMs: 200, operations: [] },
    { id: 'other', host: 'h', heartbeatAgeMs: 900, operations: [] },
    { id: 'dead', host: 'h', heartbeatAgeMs: 60_000, operations: [] },
  ];
  const members = new OperationRunner<Deps>({ deps: world.deps(), workflows: {}, claims, onMembers: (self, live) => void told.push([self, ...live]) });
  await members.resumeAll();
  assert.deepEqual(told, [['me', 'me', 'other']]);
  await members.stop();
});
