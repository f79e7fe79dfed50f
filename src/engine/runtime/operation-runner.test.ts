import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { Config } from '../../config/config.ts';
import { errors, messageOf } from '../../domain/errors.ts';
import type { Operation, OperationOutcome, OperationStatus } from '../../domain/operation.ts';
import { operation } from '../../store/contract/fixtures.ts';
import { openRuntimeWorld, until, type RuntimeWorld } from '../testing/runtime-world.ts';
import { OperationRunner } from './operation-runner.ts';
import type { RuntimeDeps } from './runtime-deps.ts';
import type { StepContext } from './step-context.ts';
import type { Workflow } from './workflow.ts';

let world: RuntimeWorld;
/** What the workflows did, in order: `run <op>`, `fail <op>: <message>`, step names, ... */
let log: string[];
/** Each completion callback as the runner handed it over, with the status stored at that moment. */
let completions: { id: string; outcome: OperationOutcome; storedStatus?: OperationStatus }[];
let finished: Operation[];

beforeEach(async () => {
  world = await openRuntimeWorld();
  log = [];
  completions = [];
  finished = [];
});
afterEach(() => world.dispose());

/** The runtime deps, with the bus's completion port recording what it is given before passing it on. */
function deps(): RuntimeDeps {
  const real = world.deps();
  return {
    ...real,
    bus: {
      publish: (event, notify) => real.bus.publish(event, notify),
      async enqueueCompletion(op, outcome, into, alongside) {
        completions.push({ id: op.id, outcome, storedStatus: (await real.store.getOperation(op.id))?.status });
        await real.bus.enqueueCompletion(op, outcome, into, alongside);
      },
    },
  };
}

function runner(workflows: Partial<Record<Operation['kind'], Workflow<RuntimeDeps>>>): OperationRunner<RuntimeDeps> {
  return new OperationRunner({ deps: deps(), workflows, onFinished: (op) => finished.push(op) });
}

const done = (statusMessage = 'done'): OperationOutcome => ({ status: 'SUCCESS', statusCode: 200, statusMessage });

/** A workflow whose `run` is given and whose `fail` records the failure and reports it. */
function workflow(run: (ctx: StepContext) => Promise<OperationOutcome>): Workflow<RuntimeDeps> {
  return {
    run: (ctx) => run(ctx),
    async fail(ctx, _deps, err) {
      log.push(`fail ${ctx.op.id}: ${messageOf(err)}`);
      return { status: 'FAILURE', statusCode: 500, statusMessage: `failed: ${messageOf(err)}` };
    },
  };
}

/** A step that logs its name, waits `ms` on the fake clock (cancellable), and returns `value`. */
function loggedStep<T>(ctx: StepContext, name: string, value: T, ms = 0): Promise<T> {
  return ctx.step(name, async () => {
    log.push(`${ctx.op.id} ${name}`);
    if (ms) await world.clock.sleep(ms, ctx.signal);
    return value;
  });
}

async function accepted(id: string, more: Partial<Operation> = {}): Promise<Operation> {
  const op = operation(id, more);
  await world.temp.store.putOperation(op);
  return op;
}

const stored = async (id: string) => (await world.temp.store.getOperation(id))!;

test('IMPL-4 a restarted runner resumes by step name: recorded steps replay without running, the rest runs', async () => {
  const abc = workflow(async (ctx) => {
    const a = await loggedStep(ctx, 'a', 1);
    const b = await loggedStep(ctx, 'b', a + 1);
    const c = await loggedStep(ctx, 'c', a + b, 60_000);
    return done(`a+b=${c}`);
  });
  const op = await accepted('op-abc');
  const first = runner({ deploy: abc });
  first.submit(op);
  await until(() => world.clock.pending === 1);
  await first.stop();
  assert.deepEqual(log, ['op-abc a', 'op-abc b', 'op-abc c']);
  assert.equal((await stored('op-abc')).status, 'RUNNING');
  assert.deepEqual((await world.temp.store.getSteps('op-abc')).map((s) => s.name), ['a', 'b']);
  assert.equal(completions.length, 0);

  await world.temp.reopen();
  log = [];
  const second = runner({ deploy: abc });
  assert.equal(await second.resumeAll(), 1);
  await until(() => world.clock.pending === 1);
  await world.clock.advance(60_000);
  await second.idle();
  assert.deepEqual(log, ['op-abc c']);
  const after = await stored('op-abc');
  assert.equal(after.status, 'COMPLETED');
  assert.equal(after.resumes, 1);
  assert.deepEqual((await world.temp.store.getSteps('op-abc')).map((s) => [s.name, s.output]), [['a', 1], ['b', 2], ['c', 3]]);
  assert.deepEqual(completions.map((c) => c.outcome), [done('a+b=3')]);
});

for (const c of [
  { resumedBefore: 1, max: 2, poisoned: false },
  { resumedBefore: 2, max: 2, poisoned: true },
  { resumedBefore: 0, max: 0, poisoned: true },
]) {
  const verdict = c.poisoned ? 'is failed with its notification instead' : 'runs again';
  test(`IMPL-4 an operation resumed ${c.resumedBefore} times, resumed again with engine.operation.max.resumes=${c.max}, ${verdict}`, async () => {
    world.config = new Config({}, { 'engine.operation.max.resumes': String(c.max) });
    await accepted('op-p', { resumes: c.resumedBefore });
    const r = runner({ deploy: workflow(async (ctx) => (log.push(`run ${ctx.op.id}`), done())) });
    assert.equal(await r.resumeAll(), 1);
    await r.idle();
    const op = await stored('op-p');
    assert.equal(op.resumes, c.resumedBefore + 1);
    if (!c.poisoned) {
      assert.deepEqual(log, ['run op-p']);
      assert.equal(op.status, 'COMPLETED');
      return;
    }
    const why = `operation op-p was resumed ${c.resumedBefore} times without finishing; giving up`;
    assert.deepEqual(log, [`fail op-p: ${why}`]);
    assert.equal(op.status, 'FAILED');
    assert.equal(op.error, `failed: ${why}`);
    assert.deepEqual(completions.map((x) => [x.id, x.outcome]), [['op-p', { status: 'FAILURE', statusCode: 500, statusMessage: `failed: ${why}` }]]);
  });
}

test('OPS-2 OPS-4 an undeploy cuts in: the running operation is CANCELLED, runs no further step, is not failed, then the undeploy runs', async () => {
  const deploy = workflow(async (ctx) => {
    // A workflow that carries on after its wait is cut still starts no further step.
    await loggedStep(ctx, 'wait', 'up', 60_000).catch((err) => log.push(`caught ${messageOf(err)}`));
    await loggedStep(ctx, 'next', 'never');
    return done();
  });
  const undeploy = workflow(async (ctx) => (log.push(`run ${ctx.op.id}`), done('undeployed')));
  const r = runner({ deploy, undeploy });
  r.submit(await accepted('op-deploy'));
  await until(() => world.clock.pending === 1);
  r.cancel('deployment:other', errors.deploymentBeingUndeployed('other'), 'op-undeploy');
  r.cancel(OperationRunner.keyOf({ deploymentId: 'd1', tenant: 't1' }), errors.deploymentBeingUndeployed('dep-d1'), 'op-undeploy');
  r.submit(await accepted('op-undeploy', { kind: 'undeploy' }));
  await r.idle();

  const cancelled = 'Operation cancelled: deployment [dep-d1] is being undeployed';
  assert.deepEqual(log, ['op-deploy wait', 'caught deployment [dep-d1] is being undeployed', 'run op-undeploy']);
  assert.deepEqual(finished.map((op) => [op.id, op.status, op.error]), [
    ['op-deploy', 'CANCELLED', cancelled],
    ['op-undeploy', 'COMPLETED', undefined],
  ]);
  assert.equal((await stored('op-deploy')).status, 'CANCELLED');
  assert.deepEqual(completions.map((c) => [c.id, c.outcome]), [
    ['op-deploy', { status: 'FAILURE', statusCode: 500, statusMessage: cancelled }],
    ['op-undeploy', done('undeployed')],
  ]);
  assert.deepEqual(await world.temp.store.getSteps('op-deploy'), []);
});

test('operations on one deployment run one after the other in the order accepted; other deployments and tenants run meanwhile', async () => {
  /** Per operation, the operations already finished when it started. */
  const finishedBefore = new Map<string, string[]>();
  const r = runner({
    deploy: workflow(async (ctx) => {
      finishedBefore.set(ctx.op.id, finished.map((op) => op.id));
      await loggedStep(ctx, 'work', 1, 1_000);
      return done();
    }),
  });
  r.submit(await accepted('a1', { deploymentId: 'd1' }));
  r.submit(await accepted('a2', { deploymentId: 'd1' }));
  r.submit(await accepted('b1', { deploymentId: 'd2' }));
  r.submit(await accepted('t1', { deploymentId: undefined, tenant: 'tenant-x' }));
  await until(() => world.clock.pending === 3);
  assert.deepEqual([...finishedBefore.keys()].toSorted(), ['a1', 'b1', 't1']);
  await world.clock.advance(1_000);
  await until(() => world.clock.pending === 1);
  await world.clock.advance(1_000);
  await r.idle();
  for (const id of ['a1', 'b1', 't1']) assert.deepEqual(finishedBefore.get(id), [], `${id} started at once`);
  assert.ok(finishedBefore.get('a2')?.includes('a1'), 'a2 started after a1 finished');
  assert.equal(finished.at(-1)?.id, 'a2');
});

for (const c of [
  { name: 'OPS-6 a completed operation\u2019s callback is enqueued in the transaction that writes COMPLETED', url: true, fails: false, status: 'COMPLETED' },
  { name: 'OPS-6 a failed operation\u2019s callback is enqueued in the transaction that writes FAILED', url: true, fails: true, status: 'FAILED' },
  { name: 'without a callback URL no completion callback is enqueued', url: false, fails: false, status: 'COMPLETED' },
] as const) {
  test(c.name, async () => {
    const notify = c.url ? { completionUrl: 'http://cb/done', format: 'json' as const } : { format: 'json' as const };
    const r = runner({
      deploy: workflow(async () => {
        if (c.fails) throw new Error('nova said no');
        return done();
      }),
    });
    r.submit(await accepted('op-cb', { notify }));
    await r.idle();
    assert.equal((await stored('op-cb')).status, c.status);
    assert.deepEqual(completions.map((x) => [x.id, x.storedStatus]), c.url ? [['op-cb', 'RUNNING']] : []);
    assert.deepEqual((await world.temp.store.listOutbox()).map((m) => [m.id, m.url]), c.url ? [['op-cb:completion', 'http://cb/done']] : []);
  });
}

test('a fail that throws still ends the operation FAILED, reporting the original error', async () => {
  const r = runner({
    deploy: {
      run: () => Promise.reject(new Error('nova said no')),
      fail: () => Promise.reject(new Error('store down')),
    },
  });
  r.submit(await accepted('op-f'));
  await r.idle();
  const op = await stored('op-f');
  assert.equal(op.status, 'FAILED');
  assert.equal(op.error, 'nova said no');
  assert.deepEqual(completions.map((x) => x.outcome), [{ status: 'FAILURE', statusCode: 500, statusMessage: 'nova said no' }]);
});
