/**
 * Volume from snapshot (REST-3..6) through the engine's front door, on the real OpenStack driver
 * over the emulator and the fake clock: the checks before anything is written, the REST-only
 * events, the volume made from the boot volume's snapshot and left on the VIM (out of band), and a
 * failure reported with its reason.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { FaultRule } from '../../emulator/faults/rules.ts';
import { isDomainError, type ErrorCode } from '../domain/errors.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { Engine } from './engine.ts';
import { builtVm, vmGroup, type OneVm } from './testing/one-vm.ts';
import { openVimWorld, type VimWorld } from './testing/vim-world.ts';

let world: VimWorld;
afterEach(() => world.dispose());

const notify = { format: 'json' as const };
const spec = { name: 'restored-root', multiattach: false, bootable: true };

async function snapshotted(o: { bootVolume: boolean; faults?: FaultRule[]; config?: Record<string, string> }): Promise<{ engine: Engine; one: OneVm; s: Snapshot }> {
  world = await openVimWorld({ config: o.config, emulator: o.faults && { faults: { rules: o.faults } } });
  const group = o.bootVolume
    ? vmGroup({ volumes: [{ name: 'root', size: 1, sizeunit: 'GiB', bus: 'virtio', bootable: true, bootIndex: 0, image: 'cirros' }] })
    : vmGroup();
  const one = await builtVm(world, group);
  const engine = new Engine(world.engineDeps());
  await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'nightly', notify });
  await settle(engine);
  const [s] = await engine.listSnapshots();
  assert.equal(s?.status, 'available');
  return { engine, one, s };
}

const settle = (engine: Engine) => world.runOut(engine.runner.idle());

test('REST-4 REST-5 a volume from the boot volume snapshot: ACCEPTED 202, CREATED 201 with the volume; REST-only', async () => {
  const { engine, s } = await snapshotted({ bootVolume: true });
  const { operationId } = await engine.createVolumeFromSnapshot({ ref: s.id, spec, notify });
  await settle(engine);
  const events = await world.temp.store.listEvents({ operationId });
  assert.deepEqual(events.map((e) => `${e.type} ${e.status} ${e.statusCode} ${e.statusMessage}`), [
    'VM_VOLUME_ACCEPTED_EVENT SUCCESS 202 Create volume snapshot request accepted',
    'VM_VOLUME_CREATED_EVENT SUCCESS 201 Create volume snapshot request completed',
  ]);
  assert.ok(events.every((e) => e.restOnly === true && e.tenant === 't1'));
  const created = events[1]?.volume;
  assert.ok(created?.id);
  const volume = await world.vim.driver.getVolume({}, created.id);
  assert.equal(volume?.status, 'available');
  assert.equal(volume?.snapshotId, s.volumeSnapshots[0]?.id);
  assert.equal(volume?.bootable, true);
  assert.equal(volume?.name, 'restored-root');
  assert.deepEqual(created, { id: volume?.id, name: 'restored-root', sizeGiB: volume?.size, volumeType: volume?.volumeType, bootable: true, multiattach: false });
  assert.equal((await engine.getOperation(operationId)).status, 'COMPLETED');
});

test('REST-3 the volume is out of band: bootable false is applied, and deleting the snapshot leaves it on the VIM', async () => {
  const { engine, s } = await snapshotted({ bootVolume: true });
  const { operationId } = await engine.createVolumeFromSnapshot({ ref: 'nightly', spec: { ...spec, bootable: false }, notify });
  await settle(engine);
  const id = (await world.temp.store.listEvents({ operationId })).at(-1)?.volume?.id;
  assert.equal((await world.vim.driver.getVolume({}, id!))?.bootable, false);
  const vms = await world.temp.store.listVms({});
  assert.ok(vms.every((vm) => vm.volumes.every((v) => v.volumeId !== id)), 'recorded on no VM');
  await engine.deleteSnapshot({ ref: s.id, notify });
  await settle(engine);
  assert.equal((await world.vim.driver.getVolume({}, id!))?.status, 'available');
});

test('REST-5 REST-6 a volume that goes to error: VM_VOLUME_CREATED_EVENT FAILURE 500 with the reason and the volume id', async () => {
  const { engine, s } = await snapshotted({ bootVolume: true, faults: [{ fail: { resource: 'volume', name: '^broken$' } }] });
  const { operationId } = await engine.createVolumeFromSnapshot({ ref: s.id, spec: { ...spec, name: 'broken' }, notify });
  await settle(engine);
  const last = (await world.temp.store.listEvents({ operationId })).at(-1);
  assert.equal(`${last?.type} ${last?.status} ${last?.statusCode}`, 'VM_VOLUME_CREATED_EVENT FAILURE 500');
  assert.match(last?.statusMessage ?? '', /volume broken/);
  assert.ok(last?.volume?.id, 'names the volume left for the operator');
  assert.equal(last?.restOnly, true);
  assert.equal((await engine.getOperation(operationId)).status, 'FAILED');
});

test('REST-6 a volume that outlives vim.asyncpoller.volume.create.timeout.mins fails naming the setting', async () => {
  const { engine, s } = await snapshotted({
    bootVolume: true,
    faults: [{ stuck: { resource: 'volume', status: 'creating', name: '^slow$' } }],
    config: { 'vim.asyncpoller.volume.create.timeout.mins': '1', 'vim.asyncpoller.volume.create.poll.secs': '5' },
  });
  const { operationId } = await engine.createVolumeFromSnapshot({ ref: s.id, spec: { ...spec, name: 'slow' }, notify });
  await settle(engine);
  const last = (await world.temp.store.listEvents({ operationId })).at(-1);
  assert.equal(`${last?.type} ${last?.status}`, 'VM_VOLUME_CREATED_EVENT FAILURE');
  assert.match(last?.statusMessage ?? '', /vim\.asyncpoller\.volume\.create\.timeout\.mins=1/);
});

test('REST-4 refusals change nothing: unknown snapshot, snapshot without a volume snapshot', async () => {
  const { engine, s } = await snapshotted({ bootVolume: false });
  const refusals: [string, ErrorCode, RegExp][] = [
    ['ghost', 'NOT_FOUND', /Snapshot image \[ghost\] not found\./],
    [s.id, 'INVALID_INPUT', /has no volume snapshot/],
  ];
  const before = await world.temp.store.listEvents({});
  const volumesBefore = await world.vim.driver.listVolumes({});
  const operationsBefore = await world.temp.store.listOperations({});
  for (const [ref, code, message] of refusals)
    await assert.rejects(engine.createVolumeFromSnapshot({ ref, spec, notify }), (e) => isDomainError(e) && e.code === code && message.test(e.message));
  assert.deepEqual(await world.temp.store.listEvents({}), before);
  assert.deepEqual(await world.vim.driver.listVolumes({}), volumesBefore);
  assert.deepEqual(await world.temp.store.listOperations({}), operationsBefore);
});
