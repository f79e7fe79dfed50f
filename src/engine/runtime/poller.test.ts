/**
 * The batched poller (architecture principle 4) against the real OpenStack driver over the emulator,
 * on the fake clock: one list call per cycle for a whole group, the first check at once, the
 * second after min(0.5 s, poll.secs) and the gap doubling up to poll.secs, due times aligned within half a gap, a sooner waiter waking the group, the four outcomes, a timeout naming its setting,
 * failed polls retried until the deadline, abort, a waiter whose driver fails once its run lost its
 * lease (issue 15), and a group larger than a call's argument limit.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { FaultRule } from '../../../emulator/faults/rules.ts';
import type { Durations } from '../../../emulator/faults/timing.ts';
import { isDomainError } from '../../domain/errors.ts';
import { VimError } from '../../vim/errors.ts';
import type { VimServer } from '../../vim/driver.ts';
import { openVimWorld, type VimWorld } from '../testing/vim-world.ts';
import type { WaitRequest } from './poller.ts';

let world: VimWorld;
afterEach(() => world.dispose());

const serverLists = { method: 'GET', path: 'servers/detail' };

async function open(o: { durations?: Partial<Durations>; faults?: FaultRule[]; config?: Record<string, string> } = {}): Promise<VimWorld> {
  world = await openVimWorld({ config: o.config, emulator: { durations: o.durations, ...(o.faults && { faults: { rules: o.faults } }) } });
  return world;
}

/** `n` servers made on the VIM (each with a port Nova makes on `private`); the call log starts empty after. */
async function servers(n: number): Promise<string[]> {
  const { driver } = world.vim;
  const [flavor, image, network] = await Promise.all([driver.findFlavor({}, 'm1.tiny'), driver.findImage({}, 'cirros'), driver.findNetwork({}, 'private')]);
  const ids: string[] = [];
  for (let k = 0; k < n; k++) {
    const name = `poll-${k}`;
    const req = { name, flavorId: flavor!.id, imageId: image!.id, portIds: [], networks: [{ networkId: network!.id }], blockDevices: [], metadata: {}, tag: name };
    ids.push((await driver.createServer({}, req)).id);
  }
  world.vim.calls.clear();
  return ids;
}

/** A wait for server `id` to become ACTIVE (ERROR fails it) under `server.create`, unless `more` says otherwise. */
function wait(id: string, more: Partial<WaitRequest> = {}): Promise<VimServer | undefined> {
  return world.poller.waitFor<VimServer>({
    vim: world.vim.driver, scope: {}, kind: 'server', id, want: ['ACTIVE'], failOn: ['ERROR'], policy: 'server.create', label: `server ${id}`, ...more,
  });
}

test('batching: five waiters on one kind and project make one list call per cycle, never a GET each', async () => {
  await open({ durations: { serverBuild: 5_000 } });
  const ids = await servers(5);
  const reached = await world.runOut(Promise.all(ids.map((id) => wait(id))));
  assert.deepEqual(reached.map((s) => s?.status), ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
  // Cycles at once, at 0.5, 1.5 and 3.5 s see BUILD, the one at 5.5 s (the gap capped at poll.secs, 2 s) sees ACTIVE (built at 5 s).
  assert.equal(world.vim.calls.count(serverLists), 5);
  assert.equal(world.vim.calls.list().length, 5);
  assert.equal(world.poller.listCalls.get('server'), 5);
});

for (const c of [
  // Both stay in BUILD. The first waiter checks at once and is next due at 0.5 s; the second checks
  // at once on arrival: at 350 ms the first (due within 250 ms) rides along, at 200 ms it does not
  // and checks at 0.5 s, where the second (due at 0.7 s, within its 250 ms) rides along instead.
  { name: 'due-time alignment: a waiter due within half its gap of the cycle rides along on it', secondAtMs: 350, lists: 2 },
  { name: 'due-time alignment: a waiter due later than half its gap keeps its own cycle', secondAtMs: 200, lists: 3 },
]) {
  test(c.name, async () => {
    await open({ faults: [{ stuck: { resource: 'server', status: 'BUILD' } }] });
    const [a, b] = await servers(2);
    void wait(a!).catch(() => {});
    await world.clock.advance(c.secondAtMs);
    void wait(b!).catch(() => {});
    await world.clock.advance(600 - c.secondAtMs);
    assert.equal(world.vim.calls.count(serverLists), c.lists);
  });
}

test('a waiter that begins while the group sleeps wakes it: its first check is at once, not at the group\u2019s next cycle', async () => {
  await open({ config: { 'vim.asyncpoller.server.action.poll.secs': '0.2' } });
  const [a, b] = await servers(2);
  const start = world.clock.now();
  const slow = wait(a!);
  await world.clock.advance(100);
  let fastAfterMs = 0;
  const fast = wait(b!, { policy: 'server.action' }).then(() => (fastAfterMs = world.clock.now() - start));
  await world.runOut(Promise.all([slow, fast]), 100);
  // The servers build in no time here: the slow wait's check at once finds its server ACTIVE, and
  // the fast one's first check comes at its arrival, not at a later cycle.
  assert.equal(fastAfterMs, 100);
  assert.equal(world.vim.calls.count(serverLists), 2);
});

for (const c of [
  { pollSecs: '10', stepMs: 500, untilMs: 36_000, checksAtMs: [0, 500, 1_500, 3_500, 7_500, 15_500, 25_500, 35_500] },
  { pollSecs: '0.3', stepMs: 100, untilMs: 1_200, checksAtMs: [0, 300, 600, 900, 1_200] },
]) {
  test(`issue 14 schedule: with poll.secs ${c.pollSecs} a wait checks at ${c.checksAtMs.join(', ')} ms (at once, then min(0.5 s, poll.secs), the gap doubling up to poll.secs)`, async () => {
    await open({ faults: [{ stuck: { resource: 'server', status: 'BUILD' } }], config: { 'vim.asyncpoller.server.create.poll.secs': c.pollSecs } });
    const [id] = await servers(1);
    const started = world.clock.now();
    void wait(id!).catch(() => {});
    await world.clock.advance(0);
    const checksAtMs: number[] = world.vim.calls.count(serverLists) > 0 ? [0] : [];
    while (world.clock.now() - started < c.untilMs) {
      const before = world.vim.calls.count(serverLists);
      await world.clock.advance(c.stepMs);
      if (world.vim.calls.count(serverLists) > before) checksAtMs.push(world.clock.now() - started);
    }
    assert.deepEqual(checksAtMs, c.checksAtMs);
  });
}

test('issue 14 schedule: a wait that goes on from checks already made (checksMade 2, as the liveness loop passes) first checks after 1 s, not at once', async () => {
  await open({ faults: [{ stuck: { resource: 'server', status: 'BUILD' } }], config: { 'vim.asyncpoller.server.create.poll.secs': '10' } });
  const [id] = await servers(1);
  void wait(id!, { checksMade: 2 }).catch(() => {});
  await world.clock.advance(900);
  assert.equal(world.vim.calls.count(serverLists), 0);
  await world.clock.advance(100);
  assert.equal(world.vim.calls.count(serverLists), 1);
});

const outcomes: {
  name: string;
  faults?: FaultRule[];
  /** What happens to the server once made, before the wait. */
  before?: (id: string) => Promise<unknown>;
  wait?: Partial<WaitRequest>;
  expect: (result: Promise<VimServer | undefined>, id: string) => Promise<void>;
}[] = [
  {
    name: 'outcome reached: the wait resolves with the resource in the wanted status',
    expect: async (result, id) => assert.deepEqual(await result.then((s) => [s?.id, s?.status]), [id, 'ACTIVE']),
  },
  {
    name: 'outcome failed: a failOn status rejects with the VIM\u2019s fault',
    faults: [{ fail: { resource: 'server' } }],
    expect: (result, id) => assert.rejects(result, new VimError(`server ${id} went to ERROR: No valid host was found. `, { kind: 'final' })),
  },
  {
    name: 'outcome went away: a resource gone while waiting for a status rejects as not found',
    before: (id) => world.vim.driver.deleteServer({}, id),
    expect: (result, id) => assert.rejects(result, (err) => err instanceof VimError && err.status === 404 && err.message === `server ${id} went away while waiting for ACTIVE`),
  },
  {
    name: 'outcome gone: a wait for deletion resolves once the resource is no longer listed',
    before: (id) => world.vim.driver.deleteServer({}, id),
    wait: { want: [], gone: true, policy: 'server.delete' },
    expect: async (result) => assert.equal(await result, undefined),
  },
];

for (const c of outcomes) {
  test(c.name, async () => {
    await open({ faults: c.faults });
    const [id] = await servers(1);
    await c.before?.(id!);
    const result = wait(id!, c.wait);
    await world.runOut(result.catch(() => {}));
    await c.expect(result, id!);
  });
}

test('timeout: a wait past its deadline is a TIMEOUT naming the setting, not before the deadline', async () => {
  await open({ faults: [{ stuck: { resource: 'server', status: 'BUILD' } }], config: { 'vim.asyncpoller.server.create.timeout.mins': '0.5' } });
  const [id] = await servers(1);
  const started = world.clock.now();
  const result = wait(id!);
  await assert.rejects(world.runOut(result), (err) => {
    assert.ok(isDomainError(err, 'TIMEOUT'));
    assert.equal(err.message, `timed out waiting for server ${id} to become ACTIVE (vim.asyncpoller.server.create.timeout.mins=0.5)`);
    return true;
  });
  const waited = world.clock.now() - started;
  assert.ok(waited >= 30_000 && waited <= 32_000, `rejected after ${waited} ms`);
});

test('CONF-3 a run-time change of the timeout applies to waits begun after it; a wait already running keeps its own', async () => {
  await open({ faults: [{ stuck: { resource: 'server', status: 'BUILD' } }], config: { 'vim.asyncpoller.server.create.timeout.mins': '1' } });
  const [a, b] = await servers(2);
  const started = world.clock.now();
  const settled = (p: Promise<unknown>) => p.then(() => assert.fail('reached'), (err: Error) => ({ message: err.message, afterMs: world.clock.now() - started }));
  const before = settled(wait(a!));
  await world.clock.advance(10_000);
  world.config.set('vim.asyncpoller.server.create.timeout.mins', '0.2');
  const after = settled(wait(b!));
  const [first, second] = await world.runOut(Promise.all([before, after]));
  assert.equal(second.message, `timed out waiting for server ${b} to become ACTIVE (vim.asyncpoller.server.create.timeout.mins=0.2)`);
  assert.ok(second.afterMs >= 22_000 && second.afterMs <= 24_000, `the new wait timed out after ${second.afterMs} ms`);
  assert.equal(first.message, `timed out waiting for server ${a} to become ACTIVE (vim.asyncpoller.server.create.timeout.mins=1)`);
  assert.ok(first.afterMs >= 60_000 && first.afterMs <= 62_000, `the earlier wait timed out after ${first.afterMs} ms`);
});

test('timeout: a wait for deletion names its own setting', async () => {
  await open({ faults: [{ stuck: { resource: 'server', status: 'deleting' } }], config: { 'vim.asyncpoller.server.delete.timeout.mins': '0.2' } });
  const [id] = await servers(1);
  await world.vim.driver.deleteServer({}, id!);
  await assert.rejects(world.runOut(wait(id!, { want: [], gone: true, policy: 'server.delete' })), {
    message: `timed out waiting for server ${id} to become deleted (vim.asyncpoller.server.delete.timeout.mins=0.2)`,
  });
});

test('a poll that fails is not a failed wait: the next cycle polls again', async () => {
  await open({ faults: [{ match: { action: 'server.list' }, status: 400, message: 'poll refused', count: 1 }] });
  const [id] = await servers(1);
  assert.equal((await world.runOut(wait(id!)))?.status, 'ACTIVE');
  assert.equal(world.vim.calls.count(serverLists), 2);
});

test('polls that keep failing end the wait only at its deadline, as a TIMEOUT', async () => {
  await open({ faults: [{ match: { action: 'server.list' }, status: 400, message: 'poll refused' }], config: { 'vim.asyncpoller.server.create.timeout.mins': '1' } });
  const [id] = await servers(1);
  await assert.rejects(world.runOut(wait(id!)), (err) => isDomainError(err, 'TIMEOUT'));
  // At once, at 0.5 s, at 1.5 s, then every 2 s (the gap doubled to poll.secs) until the deadline
  // at 60 s, which ends the wait before a 33rd poll.
  assert.equal(world.vim.calls.count(serverLists), 32);
});

test('abort: an aborted wait rejects with the reason and leaves the group, which polls no more', async () => {
  await open({ faults: [{ stuck: { resource: 'server', status: 'BUILD' } }] });
  const [id] = await servers(1);
  const abort = new AbortController();
  const result = wait(id!, { signal: abort.signal });
  await world.clock.advance(4_000);
  assert.equal(world.vim.calls.count(serverLists), 4, 'at once, at 0.5 s, 1.5 s and 3.5 s');
  abort.abort(new Error('operation cancelled'));
  await assert.rejects(result, { message: 'operation cancelled' });
  await world.clock.advance(60_000);
  assert.equal(world.vim.calls.count(serverLists), 4);
});

test('issue 15: a waiter whose driver fails once its run lost its lease leaves the group; the others are polled through their own drivers', async () => {
  await open({ durations: { serverBuild: 5_000 } });
  const [first, second] = await servers(2);
  // As guarded-vims.ts wraps a run's driver: every call fails once the run's lease is lost.
  let lost = false;
  const { driver } = world.vim;
  const guarded = new Proxy(driver, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (lost ? Promise.reject(new Error('lease lost')) : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  const abort = new AbortController();
  const losing = wait(first!, { vim: guarded, signal: abort.signal });
  const other = wait(second!);
  await world.clock.advance(1_500);
  lost = true;
  abort.abort(new Error('lease lost'));
  await assert.rejects(losing, { message: 'lease lost' });
  assert.equal((await world.runOut(other))?.status, 'ACTIVE');
});

test('a group of 130,000 waiters (more than a call takes as arguments) is served by one list call without a RangeError', async () => {
  await open();
  // V8 takes about 125,000 arguments in one call on Node's default stack: spreading the group into
  // a call (`Math.min(...waiters)`) throws here.
  const waits = Array.from({ length: 130_000 }, (_, k) => wait(`gone-${k}`, { want: [], gone: true, policy: 'server.delete' }));
  const results = await world.runOut(Promise.all(waits));
  assert.equal(results.length, 130_000);
  assert.ok(results.every((r) => r === undefined));
  assert.equal(world.vim.calls.count(serverLists), 1);
});

test('issue 14: a cycle whose due resources are fewer than 1/16 of what the last whole list held reads them by id; more share one list again', async () => {
  await open();
  const ids = await servers(40);
  // All 40 due together: whole lists (until they are built).
  await world.runOut(Promise.all(ids.map((id) => wait(id))));
  assert.equal(world.vim.calls.count({ method: 'GET', path: `servers/${ids[0]}` }), 0);
  world.vim.calls.clear();
  const [a, b, c] = ids as [string, string, string];
  await world.vim.driver.deleteServer({}, c);
  // Two due beside 40 listed (2 × 16 < 40): a GET each; c is DELETING at the first look and gone
  // (404) at the second.
  const [seen, gone] = await world.runOut(Promise.all([wait(a), wait(c, { want: [], gone: true, policy: 'server.delete' })]));
  assert.equal(seen?.status, 'ACTIVE');
  assert.equal(gone, undefined);
  assert.equal(world.vim.calls.count(serverLists), 0);
  assert.deepEqual([a, c].map((id) => world.vim.calls.count({ method: 'GET', path: `servers/${id}` })), [1, 2]);
  assert.equal(world.poller.getCalls.get('server'), 3);
  // Three due (3 × 16 ≥ 40): one list call.
  await world.runOut(Promise.all([wait(a), wait(b), wait(ids[3]!)]));
  assert.equal(world.vim.calls.count(serverLists), 1);
});
