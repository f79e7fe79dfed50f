/**
 * Recovery of one VM asked for by name (IMPL-2), through the engine's front door on the real
 * OpenStack driver over the emulator: the request is checked and recorded, then the group's
 * recovery_policy runs as it is, whatever the recovery_type — a hard reboot (REBOOT_ONLY), a new
 * server on the same port and volume built from the VM's current image (REDEPLOY_ONLY, REST-1) —
 * or it fails with the VM in error; refusals change nothing.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { RecoveryPolicySpec } from '../domain/deployment-spec.ts';
import { isDomainError, type ErrorCode } from '../domain/errors.ts';
import type { ServiceState, VmState } from '../domain/states.ts';
import { Engine } from './engine.ts';
import { builtVm, vmGroup, type OneVm } from './testing/one-vm.ts';
import { openVimWorld, type VimWorld } from './testing/vim-world.ts';

let world: VimWorld;
afterEach(() => world.dispose());

const policy = (actionOnRecovery: string): RecoveryPolicySpec => ({ actionOnRecovery, recoveryType: 'MANUAL', maxRetries: 1 });

/** A world with one built, alive VM of the given policy, and the engine over it. */
async function setUp(action: string): Promise<OneVm & { engine: Engine }> {
  world = await openVimWorld();
  const one = await builtVm(world, vmGroup({ recoveryPolicy: policy(action) }));
  return { ...one, engine: new Engine(world.engineDeps()) };
}

/** Asks for the recovery and runs it out; the operation as it ended. */
async function recover(engine: Engine, vmName: string) {
  const { operationId } = await engine.recoverVm({ tenant: 't1', vmName, notify: { format: 'json' } });
  await world.runOut(engine.runner.idle());
  return world.temp.store.getOperation(operationId);
}

test('IMPL-2 REBOOT_ONLY, recovery_type MANUAL: a guest that stopped answering is hard rebooted and alive again', async () => {
  const { vm, engine } = await setUp('REBOOT_ONLY');
  world.vim.emulator.admin.setGuest({ serverId: vm.serverId!, mode: 'stops-answering' });
  const op = await recover(engine, vm.name);
  assert.equal(op?.status, 'COMPLETED', op?.error);
  assert.equal(op.kind, 'vm.recover');
  assert.deepEqual(await world.events(op.id), ['VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_REBOOT SUCCESS', 'VM_RECOVERY_COMPLETE SUCCESS']);
  const init = (await world.temp.store.listEvents({ operationId: op.id }))[0]!;
  assert.match(init.statusMessage, /requested by the operator/);
  const stored = (await world.temp.store.getVm(vm.id))!;
  assert.deepEqual([stored.state, stored.serverId], ['VM_ALIVE_STATE', vm.serverId]);
  assert.equal(world.vim.calls.count({ method: 'POST', path: `servers/${vm.serverId}/action` }), 1, 'one hard reboot');
});

test('IMPL-2 REST-1 REDEPLOY_ONLY: a new server on the same port and volume, built from the image the VM record names now', async () => {
  const { t, vm, engine } = await setUp('REDEPLOY_ONLY');
  const snapshot = await world.runOut(t.vim.createServerImage(t.scope, vm.serverId!, 'restored', {}));
  await world.runOut(untilImageActive(t, snapshot));
  await world.temp.store.putVm({ ...vm, image: 'restored' }); // what a restore update records (REST-1)
  const op = await recover(engine, vm.name);
  assert.equal(op?.status, 'COMPLETED', op?.error);
  assert.deepEqual(await world.events(op.id), [
    'VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_UNDEPLOYED SUCCESS', 'VM_RECOVERY_DEPLOYED SUCCESS', 'VM_RECOVERY_COMPLETE SUCCESS',
  ]);
  const stored = (await world.temp.store.getVm(vm.id))!;
  assert.equal(stored.state, 'VM_ALIVE_STATE');
  assert.notEqual(stored.serverId, vm.serverId);
  assert.deepEqual([stored.interfaces[0]?.portId, stored.volumes[0]?.volumeId], [vm.interfaces[0]?.portId, vm.volumes[0]?.volumeId]);
  const server = (await t.vim.getServer(t.scope, stored.serverId!))!;
  assert.equal(server.imageId, snapshot);
  assert.deepEqual((await t.vim.listServers(t.scope)).map((s) => s.id), [stored.serverId]);
});

test('IMPL-2 a recovery that cannot bring the VM back: VM_RECOVERY_COMPLETE FAILURE, the VM in error, the operation failed', async () => {
  const { vm, engine } = await setUp('REBOOT_ONLY');
  world.vim.emulator.admin.setGuest({ serverName: vm.vimName, mode: 'never-boots' });
  const op = await recover(engine, vm.name);
  assert.equal(op?.status, 'FAILED');
  assert.match(op.error!, /^VM recovery failed, VM Name: \[.+\]: Recovery: failed to recover VM .*\(REBOOT_ONLY\): no liveness/);
  assert.deepEqual(await world.events(op.id), ['VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_REBOOT SUCCESS', 'VM_RECOVERY_COMPLETE FAILURE']);
  assert.equal((await world.temp.store.getVm(vm.id))!.state, 'VM_ERROR_STATE');
});

test('IMPL-2 a VM in error is recovered', async () => {
  const { vm, engine } = await setUp('REBOOT_ONLY');
  await world.temp.store.putVm({ ...vm, state: 'VM_ERROR_STATE' });
  const op = await recover(engine, vm.name);
  assert.equal(op?.status, 'COMPLETED', op?.error);
  assert.equal((await world.temp.store.getVm(vm.id))!.state, 'VM_ALIVE_STATE');
});

const refusals: { name: string; vmState?: VmState; service?: ServiceState; tenant?: string; vmName?: string; code: ErrorCode; message: RegExp }[] = [
  { name: 'a stopped VM', vmState: 'VM_SHUTOFF_STATE', code: 'REFUSED_IN_STATE', message: /recovery of VM \[.+\] refused: .*not VM_SHUTOFF_STATE \(IMPL-2\)/ },
  { name: 'a VM already recovering', vmState: 'VM_REBOOTING_STATE', code: 'REFUSED_IN_STATE', message: /not VM_REBOOTING_STATE/ },
  { name: 'a stopped service (OPS-3)', service: 'SERVICE_STOPPED_STATE', code: 'REFUSED_IN_STATE', message: /while the service is stopped \(OPS-3\)/ },
  { name: 'a service being updated', service: 'SERVICE_UPDATING_STATE', code: 'REFUSED_IN_STATE', message: /an update is running/ },
  { name: 'an unknown VM', vmName: 'dep_g_9_nobody', code: 'NOT_FOUND', message: /VM \[dep_g_9_nobody\] not found in tenant \[t1\]/ },
  { name: 'a VM of another tenant', tenant: 't2', code: 'NOT_FOUND', message: /not found in tenant \[t2\]/ },
];

for (const c of refusals)
  test(`IMPL-2 recovery refused: ${c.name}; nothing changes`, async () => {
    const { t, vm, engine } = await setUp('REBOOT_ONLY');
    if (c.vmState) await world.temp.store.putVm({ ...vm, state: c.vmState });
    if (c.service) await world.temp.store.putDeployment({ ...t.deployment, state: c.service });
    const before = await everything();
    await assert.rejects(
      engine.recoverVm({ tenant: c.tenant ?? 't1', vmName: c.vmName ?? vm.name, notify: { format: 'json' } }),
      (err) => isDomainError(err, c.code) && c.message.test(err.message),
    );
    assert.equal(await everything(), before);
    assert.equal(world.vim.calls.list().length, 0);
  });

async function everything(): Promise<string> {
  const s = world.temp.store;
  return JSON.stringify([await s.listDeployments(), await s.listVms(), await s.listOperations({}), await s.lastEventSeq()]);
}

async function untilImageActive(t: OneVm['t'], id: string): Promise<void> {
  while ((await t.vim.getImage(t.scope, id))?.status !== 'active') await world.clock.advance(1_000);
}
