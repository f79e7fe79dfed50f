import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { DomainEvent } from '../../domain/event.ts';
import { event, operation, step } from '../../store/contract/fixtures.ts';
import { isoTime } from '../../time/clock.ts';
import { openRuntimeWorld, type RuntimeWorld } from '../testing/runtime-world.ts';
import { errors, isDomainError } from '../../domain/errors.ts';
import { stableEventId } from './step-context.ts';

const op = operation('op-1');

let world: RuntimeWorld;
beforeEach(async () => {
  world = await openRuntimeWorld();
  await world.temp.store.putOperation(op);
});
afterEach(() => world.dispose());

const vmAlive: Omit<DomainEvent, 'id' | 'time' | 'operationId'> = (({ id, time, operationId, ...rest }) => rest)(event('x', { type: 'VM_ALIVE' }));
const stepsOf = async (id = op.id) => (await world.temp.store.getSteps(id)).map((s) => [s.seq, s.name, s.output]);

test('a recorded step returns its recorded output without running (resume by step name)', async () => {
  const ctx = world.context(op, { recorded: [step(op.id, 1, { name: 'vm-1:server', output: { serverId: 's-1' } })] });
  let ran = 0;
  const out = await ctx.step('vm-1:server', async () => ++ran);
  assert.deepEqual(out, { serverId: 's-1' });
  assert.equal(ran, 0);
  assert.equal(ctx.has('vm-1:server'), true);
  assert.equal(ctx.has('vm-2:server'), false);
});

test('a new step runs once and is recorded after the recorded ones, undefined output as null', async () => {
  const ctx = world.context(op, { recorded: [step(op.id, 4, { name: 'a' })] });
  assert.equal(await ctx.step('b', async () => 7), 7);
  assert.equal(await ctx.step('c', async () => undefined), undefined);
  assert.deepEqual(await stepsOf(), [
    [5, 'b', 7],
    [6, 'c', null],
  ]);
  assert.equal((await world.temp.store.getSteps(op.id))[0]?.at, isoTime(world.clock));
});

test('a failed step is not recorded, and the next run runs it again', async () => {
  const first = world.context(op);
  await assert.rejects(first.step('server', async () => Promise.reject(new Error('nova said no'))), /nova said no/);
  assert.deepEqual(await stepsOf(), []);
  assert.equal(first.has('server'), false);
  const resumed = world.context(op, { recorded: await world.temp.store.getSteps(op.id) });
  assert.equal(await resumed.step('server', async () => 's-2'), 's-2');
  assert.deepEqual(await stepsOf(), [[1, 'server', 's-2']]);
});

test('a step name stands for one step: a second step of that name returns the first one\u2019s output', async () => {
  const ctx = world.context(op);
  assert.equal(await ctx.step('n', async () => 1), 1);
  assert.equal(await ctx.step('n', async () => 2), 1);
  assert.deepEqual(await stepsOf(), [[1, 'n', 1]]);
});

test('emit derives the event id from the operation and the key', () => {
  const id = stableEventId(op.id, 'vm-1:alive');
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(stableEventId(op.id, 'vm-1:alive'), id);
  assert.notEqual(stableEventId(op.id, 'vm-2:alive'), id);
  assert.notEqual(stableEventId('op-2', 'vm-1:alive'), id);
});

test('a replayed emit publishes the same event id, which the store keeps once', async () => {
  await world.context(op).emit('vm-1:alive', vmAlive);
  await world.clock.advance(5_000);
  await world.context(op).emit('vm-1:alive', vmAlive);
  await world.context(op).emit('vm-2:alive', vmAlive);
  const stored = await world.temp.store.listEvents();
  assert.deepEqual(
    stored.map((e) => [e.id, e.operationId, e.type]),
    [
      [stableEventId(op.id, 'vm-1:alive'), op.id, 'VM_ALIVE'],
      [stableEventId(op.id, 'vm-2:alive'), op.id, 'VM_ALIVE'],
    ],
  );
});

test('throwIfCancelled is silent until the signal aborts', () => {
  assert.doesNotThrow(() => world.context(op).throwIfCancelled());
});

test('OPS-2 throwIfCancelled throws the undeploy\u2019s error as given', () => {
  const ctl = new AbortController();
  const reason = errors.deploymentBeingUndeployed('dep');
  ctl.abort(reason);
  assert.throws(() => world.context(op, { signal: ctl.signal }).throwIfCancelled(), (err) => err === reason);
});

test('throwIfCancelled turns a reason that is not an error into a CONFLICT error', () => {
  const ctl = new AbortController();
  ctl.abort('shutting down');
  assert.throws(
    () => world.context(op, { signal: ctl.signal }).throwIfCancelled(),
    (err) => isDomainError(err, 'CONFLICT') && err.message === 'shutting down',
  );
});

test('OPS-2 a cancelled run starts no new step and records nothing', async () => {
  const ctl = new AbortController();
  ctl.abort(errors.deploymentBeingUndeployed('dep'));
  let ran = 0;
  await assert.rejects(world.context(op, { signal: ctl.signal }).step('next', async () => ++ran), (err) => isDomainError(err, 'CONFLICT'));
  assert.equal(ran, 0);
  assert.deepEqual(await stepsOf(), []);
});

test('a cancelled run still replays its recorded steps', async () => {
  const ctl = new AbortController();
  ctl.abort(errors.deploymentBeingUndeployed('dep'));
  const ctx = world.context(op, { signal: ctl.signal, recorded: [step(op.id, 1, { name: 'done', output: 'kept' })] });
  assert.equal(await ctx.step('done', async () => 'again'), 'kept');
});
