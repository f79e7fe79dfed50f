/**
 * Removing one VM (IMPL-1) on the real OpenStack driver over the emulator: the server deleted and
 * waited gone, then the ports and volumes we made; pre-created ports stay; what is already gone
 * (404) counts as removed; a second server carrying the VM's tag (a create left in doubt that landed
 * late) goes too; VM_UNDEPLOYED reports the outcome.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, test } from 'node:test';
import type { FaultRule } from '../../../emulator/faults/rules.ts';
import { builtVm, op, placeVm, vmGroup, type OneVm } from '../testing/one-vm.ts';
import { openVimWorld, type VimWorld } from '../testing/vim-world.ts';
import { teardownVm } from './teardown.ts';

let world: VimWorld;
afterEach(() => world.dispose());

/** What is left on the VIM, by kind. */
function left(): { servers: number; ports: number; volumes: number } {
  const dump = world.vim.emulator.admin.dump();
  return { servers: dump.servers.length, ports: dump.ports.length, volumes: dump.volumes.length };
}

async function teardown({ t, vm }: OneVm, opId = 'op-undeploy'): Promise<string> {
  const o = await op(world, opId, { kind: 'undeploy' });
  await world.runOut(teardownVm(world.context(o), world.engineDeps(), t, vm));
  return o.id;
}

test('IMPL-1 teardown: the server deleted and waited gone, then its ports and volumes; VM_UNDEPLOYED SUCCESS', async () => {
  world = await openVimWorld();
  const built = await builtVm(world);
  const { vm } = built;
  const [portId, volumeId] = [vm.interfaces[0]!.portId, vm.volumes[0]!.volumeId];
  const opId = await teardown(built);
  assert.deepEqual(world.vim.calls.list().map((c) => `${c.service} ${c.method} ${c.path}`), [
    'compute GET servers/detail',
    `compute DELETE servers/${vm.serverId}`,
    'compute GET servers/detail',
    'network GET ports',
    `network DELETE ports/${portId}`,
    'volume GET volumes/detail',
    `volume GET volumes/${volumeId}`,
    `volume DELETE volumes/${volumeId}`,
    'volume GET volumes/detail',
  ]);
  assert.deepEqual((await world.temp.store.getSteps(opId)).map((s) => s.name), ['server', 'ports', 'volumes'].map((k) => `vm:${vm.id}:undeploy:${k}`));
  assert.deepEqual(await world.events(opId), ['VM_UNDEPLOYED SUCCESS']);
  assert.deepEqual(left(), { servers: 0, ports: 0, volumes: 0 });
});

test('IMPL-1 teardown leaves a pre-created port the group named alone', async () => {
  world = await openVimWorld();
  const { driver } = world.vim;
  const network = await driver.findNetwork({}, 'private');
  const precreated = await driver.createPort({}, { name: 'pre-port', networkId: network!.id, tag: 'orchestrator' });
  const built = await builtVm(world, vmGroup({ interfaces: [{ nicid: 0, network: 'private', model: 'virtio', type: 'virtual', port: 'pre-port', securityGroups: [] }] }));
  assert.equal(built.vm.interfaces[0]!.portId, precreated.id);
  await teardown(built);
  assert.equal(world.vim.calls.count({ method: 'DELETE', path: `ports/${precreated.id}` }), 0);
  assert.deepEqual((await driver.listPorts({}, {})).map((p) => p.id), [precreated.id]);
  assert.deepEqual(left(), { servers: 0, ports: 1, volumes: 0 });
});

test('IMPL-1 teardown counts a server, port or volume already gone (404) as removed', async () => {
  world = await openVimWorld();
  const placed = await placeVm(world);
  placed.vm.serverId = randomUUID();
  placed.vm.interfaces[0]!.portId = randomUUID();
  placed.vm.volumes[0]!.volumeId = randomUUID();
  const opId = await teardown(placed);
  assert.equal(world.vim.calls.count({ method: 'DELETE', path: `servers/${placed.vm.serverId}` }), 1);
  assert.equal(world.vim.calls.count({ method: 'DELETE', path: `ports/${placed.vm.interfaces[0]!.portId}` }), 1);
  assert.deepEqual(await world.events(opId), ['VM_UNDEPLOYED SUCCESS']);
});

test('IMPL-4 teardown also removes a second server carrying the VM\u2019s tag (a create in doubt that landed late)', async () => {
  world = await openVimWorld();
  const built = await builtVm(world);
  const { driver } = world.vim;
  const [flavor, image] = await Promise.all([driver.findFlavor({}, 'm1.tiny'), driver.findImage({}, 'cirros')]);
  const tag = `${built.vm.id}:server`;
  const late = await driver.createServer({}, { name: built.vm.vimName, flavorId: flavor!.id, imageId: image!.id, portIds: [], blockDevices: [], metadata: {}, tag });
  await world.clock.advance(0);
  assert.equal((await driver.listServers({}, { tag })).length, 2);
  const opId = await teardown(built);
  assert.equal(world.vim.calls.count({ method: 'DELETE', path: `servers/${late.id}` }), 1);
  assert.deepEqual(await world.events(opId), ['VM_UNDEPLOYED SUCCESS']);
  assert.deepEqual(left(), { servers: 0, ports: 0, volumes: 0 });
});

const refusals: { name: string; faults: FaultRule[]; reported: RegExp; left: ReturnType<typeof left> }[] = [
  {
    name: 'IMPL-1 a server delete Nova refuses: VM_UNDEPLOYED FAILURE with its reason, ports and volumes kept',
    faults: [{ match: { action: 'server.delete' }, status: 409, message: 'Cannot delete instance while it is in task_state migrating' }],
    reported: /^OpenStack Driver: VM deletion failed, VM Name: \[.+\]: .*task_state migrating$/,
    left: { servers: 1, ports: 1, volumes: 1 },
  },
  {
    name: 'IMPL-1 a volume delete Cinder refuses: VM_UNDEPLOYED FAILURE with its reason',
    faults: [{ match: { action: 'volume.delete' }, status: 400, message: 'Invalid volume: Volume status must be available or error' }],
    reported: /VM deletion failed.*Volume status must be available or error$/,
    left: { servers: 0, ports: 0, volumes: 1 },
  },
];

for (const c of refusals) {
  test(c.name, async () => {
    world = await openVimWorld();
    const built = await builtVm(world);
    world.vim.emulator.admin.setFaults({ rules: c.faults });
    const o = await op(world, 'op-undeploy', { kind: 'undeploy' });
    await assert.rejects(world.runOut(teardownVm(world.context(o), world.engineDeps(), built.t, built.vm)));
    assert.deepEqual(await world.events(o.id), ['VM_UNDEPLOYED FAILURE']);
    assert.match((await world.temp.store.listEvents({ operationId: o.id }))[0]!.statusMessage, c.reported);
    assert.deepEqual(left(), c.left);
  });
}
