/**
 * The liveness wait reads server status through the batched poller (architecture principle 4;
 * issue 12 item 5): VMs waiting at once share one list call per cycle, no GET per VM; it keeps its
 * outcomes — alive, gone, no liveness within bootup_time (IMPL-2).
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { builtVm, op } from '../testing/one-vm.ts';
import { openVimWorld, type VimWorld } from '../testing/vim-world.ts';
import { waitAlive } from './liveness-wait.ts';

let world: VimWorld;
afterEach(() => world.dispose());

async function waiting(n = 1) {
  world = await openVimWorld();
  const { t, vm } = await builtVm(world);
  const ctx = world.context(await op(world, 'op-wait'));
  const group = t.deployment.spec.vmGroups[0]!;
  return { vm, wait: () => Promise.all(Array.from({ length: n }, () => waitAlive(ctx, world.engineDeps(), t, vm, group))) };
}

test('issue 12 item 5: three waits at once cost one batched list, no GET per VM', async () => {
  const { wait } = await waiting(3);
  assert.deepEqual(await world.runOut(wait()), [true, true, true]);
  assert.deepEqual(world.vim.calls.list().map((c) => `${c.method} ${c.path}`), ['GET servers/detail']);
});

test('issue 14: a server this run just read ACTIVE is checked at once, with no second read of it', async () => {
  world = await openVimWorld();
  const { t, vm } = await builtVm(world);
  const ctx = world.context(await op(world, 'op-seen'));
  const seen = (await world.vim.driver.getServer({}, vm.serverId!))!;
  world.vim.calls.clear();
  assert.equal(await waitAlive(ctx, world.engineDeps(), t, vm, t.deployment.spec.vmGroups[0]!, seen), true);
  assert.deepEqual(world.vim.calls.list(), [], 'no list call: the liveness check ran on the server given');
});

test('IMPL-2 a server deleted while waiting: the wait ends at once naming it', async () => {
  const { vm, wait } = await waiting();
  await world.vim.driver.deleteServer({}, vm.serverId!);
  await assert.rejects(world.runOut(wait()), { message: `server ${vm.vimName} (${vm.serverId}) went away` });
});

test('IMPL-2 a guest that stops answering: no liveness within bootup_time, after it and not before', async () => {
  const { vm, wait } = await waiting();
  world.vim.emulator.admin.setGuest({ serverId: vm.serverId!, mode: 'stops-answering' });
  const started = world.clock.now();
  await assert.rejects(world.runOut(wait()), { message: 'no liveness within bootup_time 10 s' });
  assert.ok(world.clock.now() - started >= 10_000 && world.clock.now() - started < 12_000, `gave up after ${world.clock.now() - started} ms`);
});
