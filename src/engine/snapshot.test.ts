/**
 * Snapshot create and delete (SNAP-2..12) through the engine's front door, on the real OpenStack
 * driver over the emulator and the fake clock: the checks before anything is written, the events,
 * the records, what is left on the VIM (an image, and for a volume-booted VM its Cinder snapshot
 * named `snapshot for <name>`), and a failure or timeout that leaves nothing half made.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import type { FaultRule } from '../../emulator/faults/rules.ts';
import type { Durations } from '../../emulator/faults/timing.ts';
import { isDomainError, type ErrorCode } from '../domain/errors.ts';
import type { Operation } from '../domain/operation.ts';
import { Engine } from './engine.ts';
import { builtVm, vmGroup, type OneVm } from './testing/one-vm.ts';
import { openVimWorld, type VimWorld } from './testing/vim-world.ts';

let world: VimWorld;
afterEach(() => world.dispose());

const notify = { format: 'json' as const };

interface SetUp {
  bootVolume?: boolean;
  faults?: FaultRule[];
  config?: Record<string, string>;
  durations?: Partial<Durations>;
}

async function setUp(o: SetUp = {}): Promise<{ engine: Engine; one: OneVm; finished: Operation[] }> {
  world = await openVimWorld({ config: o.config, emulator: { faults: o.faults && { rules: o.faults }, durations: o.durations } });
  const group = o.bootVolume
    ? vmGroup({ volumes: [{ name: 'root', size: 1, sizeunit: 'GiB', bus: 'virtio', bootable: true, bootIndex: 0, image: 'cirros' }] })
    : vmGroup();
  const one = await builtVm(world, group);
  const finished: Operation[] = [];
  const engine = new Engine(world.engineDeps(), { onFinished: (op) => finished.push(op) });
  return { engine, one, finished };
}

const settle = (engine: Engine) => world.runOut(engine.runner.idle());

test('SNAP-2 SNAP-6 a snapshot of an alive VM: INIT, CREATED 202, COMPLETE; the image active on the VIM', async () => {
  const { engine, one } = await setUp();
  const { operationId } = await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'nightly', notify });
  const [creating] = await engine.listSnapshots();
  assert.equal(creating?.status, 'creating');
  await settle(engine);
  const events = await world.temp.store.listEvents({ operationId });
  assert.deepEqual(events.map((e) => `${e.type} ${e.status} ${e.statusCode} ${e.statusMessage}`), [
    `VM_BACKUP_INIT SUCCESS 200 Snapshot request for VM [${one.vm.name}] accepted.`,
    'VM_BACKUP_CREATED SUCCESS 202 Snapshot is now active.',
    `VM_BACKUP_COMPLETE SUCCESS 200 Snapshot image for VM [${one.vm.name}] is active.`,
  ]);
  assert.equal(events[0]?.vmSource?.generatedName, one.vm.name);
  const [s] = await engine.listSnapshots({ vmName: one.vm.name });
  assert.equal(s?.status, 'available');
  assert.ok(s?.creationEnd && s.imageId);
  assert.deepEqual(s.volumeSnapshots, []);
  const image = await world.vim.driver.getImage({}, s.imageId);
  assert.equal(image?.name, 'nightly');
  assert.equal(image?.status, 'active');
  assert.equal((await world.temp.store.getVm(one.vm.id))?.state, 'VM_ALIVE_STATE', 'the VM state is left as it was');
});

test('SNAP-12 a volume-booted VM: the Cinder snapshot Nova made, "snapshot for <name>", is recorded', async () => {
  const { engine, one } = await setUp({ bootVolume: true });
  await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'nightly', notify });
  await settle(engine);
  const [s] = await engine.listSnapshots();
  assert.equal(s?.status, 'available');
  assert.equal(s.volumeSnapshots.length, 1);
  assert.equal(s.volumeSnapshots[0]?.name, 'snapshot for nightly');
  assert.equal(s.volumeSnapshots[0]?.volumeId, one.vm.volumes[0]?.volumeId ?? (await world.temp.store.getVm(one.vm.id))?.volumes[0]?.volumeId);
  const cinder = await world.vim.driver.getVolumeSnapshot({}, s.volumeSnapshots[0]!.id);
  assert.equal(cinder?.status, 'available');
});

test('SNAP-9 SNAP-10 delete by name: DELETING, DELETED once image and volume snapshot are gone; nothing left', async () => {
  const { engine, one } = await setUp({ bootVolume: true });
  await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'nightly', notify });
  await settle(engine);
  const [s] = await engine.listSnapshots();
  const { operationId } = await engine.deleteSnapshot({ ref: 'nightly', notify });
  assert.equal((await engine.listSnapshots())[0]?.status, 'deleting');
  await settle(engine);
  assert.deepEqual(await world.events(operationId), ['VM_SNAPSHOT_DELETING SUCCESS', 'VM_SNAPSHOT_DELETED SUCCESS']);
  const [deleted] = await world.temp.store.listEvents({ operationId, limit: 10 }).then((e) => e.slice(1));
  assert.equal(deleted?.statusMessage, `Snapshot image [${s!.id}] has been deleted.`);
  assert.deepEqual(await engine.listSnapshots(), []);
  assert.equal(await world.vim.driver.getImage({}, s!.imageId!), undefined);
  assert.deepEqual(await world.vim.driver.listVolumeSnapshots({}), []);
});

test('SNAP-11 a snapshot that outlives its timeout fails with VM_BACKUP_COMPLETE 500 and leaves no image', async () => {
  const { engine, one } = await setUp({
    faults: [{ stuck: { resource: 'image', status: 'saving' } }],
    config: { 'vim.asyncpoller.snapshot.create.timeout.mins': '1', 'vim.asyncpoller.snapshot.create.poll.secs': '5' },
  });
  const { operationId } = await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'slow', notify });
  await settle(engine);
  const events = await world.temp.store.listEvents({ operationId });
  const last = events.at(-1);
  assert.equal(`${last?.type} ${last?.status} ${last?.statusCode}`, 'VM_BACKUP_COMPLETE FAILURE 500');
  assert.match(last?.statusMessage ?? '', /timed out waiting for image slow .* \(vim\.asyncpoller\.snapshot\.create\.timeout\.mins=1\)/);
  const [s] = await engine.listSnapshots();
  assert.equal(s?.status, 'error');
  assert.equal(s.statusMessage, last?.statusMessage);
  assert.deepEqual(await world.vim.driver.listImages({}, { name: 'slow' }), []);
});

/** Fake time passes until the snapshot's image is recorded: its operation is waiting on the VIM. */
async function untilImageRecorded(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const [s] = await world.temp.store.listSnapshots();
    if (s?.imageId) return;
    await world.clock.advance(100);
  }
  assert.fail('the snapshot never recorded its image');
}

for (const c of [
  { name: 'an image-booted VM (image stuck saving)', faults: [{ stuck: { resource: 'image', status: 'saving' } }] as FaultRule[] },
  { name: 'a volume-booted VM (its Cinder snapshot still creating)', bootVolume: true, durations: { snapshotCreate: 60_000 } },
])
  test(`SNAP-1 OPS-2 an undeploy cutting in on a snapshot of ${c.name}: nothing half made is left, VM_BACKUP_COMPLETE FAILURE "cancelled by undeploy"`, async () => {
    const { engine, one } = await setUp(c);
    await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'cut', notify });
    await untilImageRecorded();
    const { operationId } = await engine.undeploy({ deploymentName: one.t.deployment.name, notify });
    await settle(engine);
    const events = await world.temp.store.listEvents({ operationId });
    const cancelled = events.filter((e) => e.type === 'VM_BACKUP_COMPLETE');
    assert.deepEqual(cancelled.map((e) => `${e.status} ${e.statusCode} ${e.statusMessage}`), ['FAILURE 500 cancelled by undeploy']);
    assert.equal(events.at(-1)?.type, 'SERVICE_UNDEPLOYED');
    assert.equal(events.at(-1)?.status, 'SUCCESS');
    const [s] = await engine.listSnapshots();
    assert.equal(s?.status, 'error');
    assert.equal(s.statusMessage, 'cancelled by undeploy');
    assert.equal(s.imageId, undefined);
    assert.deepEqual(await world.vim.driver.listImages({}, { name: 'cut' }), []);
    assert.deepEqual(await world.vim.driver.listVolumeSnapshots({}), []);
    assert.deepEqual(await world.vim.driver.listVolumes({}), []);
    assert.deepEqual(await world.vim.driver.listServers({}), []);
  });

test('SNAP-5 OPS-2 an undeploy cutting in on an export removes its image and its partial files: VM_BACKUP_COMPLETE FAILURE "cancelled by undeploy"', async () => {
  const { engine, one } = await setUp();
  await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'out', notify });
  await settle(engine);
  // The export's state at the moment the undeploy cuts in: the image made, files partly written.
  const [s] = await engine.listSnapshots();
  await world.temp.store.putSnapshot({ ...s!, status: 'exporting', statusMessage: 'Exported 0 of 4096 bytes.' });
  const partial = join(world.exportsDir, s!.id);
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, 'image.qcow2.part'), 'half');
  const { operationId } = await engine.undeploy({ deploymentName: one.t.deployment.name, notify });
  await settle(engine);
  const cancelled = (await world.temp.store.listEvents({ operationId })).filter((e) => e.type === 'VM_BACKUP_COMPLETE');
  assert.deepEqual(cancelled.map((e) => `${e.status} ${e.statusCode} ${e.statusMessage}`), ['FAILURE 500 cancelled by undeploy']);
  assert.equal((await engine.listSnapshots())[0]?.status, 'error');
  assert.equal(existsSync(partial), false, 'the partial export is removed');
  assert.deepEqual(await world.vim.driver.listImages({}, { name: 'out' }), []);
});

test('SNAP-9 an undeploy leaves a volume held by snapshots on the VIM; the delete of the last snapshot holding it deletes it', async () => {
  const { engine, one } = await setUp({ bootVolume: true });
  for (const name of ['first', 'second']) {
    await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name, notify });
    await settle(engine);
  }
  const volumeId = (await world.temp.store.getVm(one.vm.id))!.volumes[0]!.volumeId!;
  const { operationId } = await engine.undeploy({ deploymentName: one.t.deployment.name, notify });
  await settle(engine);
  const last = (await world.temp.store.listEvents({ operationId })).at(-1);
  assert.equal(`${last?.type} ${last?.status}`, 'SERVICE_UNDEPLOYED SUCCESS', last?.statusMessage);
  assert.deepEqual(await world.vim.driver.listServers({}), []);
  assert.deepEqual((await world.vim.driver.listVolumes({})).map((v) => v.id), [volumeId], 'the held volume stays');
  assert.deepEqual((await engine.listSnapshots()).map((s) => s.heldVolumeIds), [[volumeId], [volumeId]]);
  await engine.deleteSnapshot({ ref: 'first', notify });
  await settle(engine);
  assert.deepEqual((await world.vim.driver.listVolumes({})).map((v) => v.id), [volumeId], 'still held by the second');
  const deleted = await engine.deleteSnapshot({ ref: 'second', notify });
  await settle(engine);
  assert.deepEqual(await world.events(deleted.operationId), ['VM_SNAPSHOT_DELETING SUCCESS', 'VM_SNAPSHOT_DELETED SUCCESS']);
  assert.deepEqual(await world.vim.driver.listVolumes({}), []);
  assert.deepEqual(await world.vim.driver.listVolumeSnapshots({}), []);
  assert.deepEqual(await world.vim.driver.listImages({}, { name: 'second' }), []);
});

const refusals: { name: string; code: ErrorCode; message: RegExp; act: (e: Engine, one: OneVm) => Promise<unknown> }[] = [
  {
    name: 'SNAP-4 a name of 256 characters',
    code: 'INVALID_INPUT',
    message: /snapshot name has 256 characters/,
    act: (e, one) => e.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'x'.repeat(256), notify }),
  },
  { name: 'SNAP-4 an unknown VM', code: 'NOT_FOUND', message: /VM \[ghost\] not found in tenant \[t1\]/, act: (e) => e.snapshot({ tenant: 't1', vmName: 'ghost', name: 'n', notify }) },
  {
    name: 'SNAP-4 a VM of another tenant',
    code: 'NOT_FOUND',
    message: /not found in tenant \[t2\]/,
    act: (e, one) => e.snapshot({ tenant: 't2', vmName: one.vm.name, name: 'n', notify }),
  },
  {
    name: 'SNAP-3 a VM in error',
    code: 'REFUSED_IN_STATE',
    message: /SNAP-3/,
    act: async (e, one) => {
      await world.temp.store.putVm({ ...one.vm, state: 'VM_ERROR_STATE' });
      return e.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'n', notify });
    },
  },
  {
    name: 'SNAP-2 a second snapshot of a VM being snapshotted, naming the first',
    code: 'CONFLICT',
    message: /is being snapshotted \(snapshot \[first\]/,
    act: async (e, one) => {
      await e.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'first', notify });
      return e.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'second', notify });
    },
  },
  {
    name: 'SNAP-2 a VM stop while the VM is being snapshotted',
    code: 'CONFLICT',
    message: /is being snapshotted/,
    act: async (e, one) => {
      await e.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'first', notify });
      return e.vmAction({ tenant: 't1', vmName: one.vm.name, action: 'stop', force: false, notify });
    },
  },
  { name: 'SNAP-9 an unknown snapshot', code: 'NOT_FOUND', message: /^Snapshot image \[nope\] not found\.$/, act: (e) => e.deleteSnapshot({ ref: 'nope', notify }) },
  {
    name: 'SNAP-9 an ambiguous name',
    code: 'AMBIGUOUS_NAME',
    message: /snapshot name \[twin\] is used by 2 snapshots/,
    act: async (e, one) => {
      await e.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'twin', notify });
      await settle(e);
      await e.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'twin', notify });
      await settle(e);
      return e.deleteSnapshot({ ref: 'twin', notify });
    },
  },
  {
    name: 'SNAP-9 a tenant with snapshots is not deleted',
    code: 'CONFLICT',
    message: /tenant \[t1\] still has 1 snapshot\(s\)/,
    act: async (e, one) => {
      await e.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'kept', notify });
      await settle(e);
      await world.temp.store.deleteDeployment(one.t.deployment.id);
      return e.deleteTenant({ name: 't1', notify });
    },
  },
];
for (const r of refusals)
  test(`${r.name} is refused (${r.code}) and writes nothing more`, async () => {
    const { engine, one } = await setUp();
    const error = await r.act(engine, one).then(() => undefined, (err: unknown) => err);
    assert.ok(isDomainError(error, r.code), String(error));
    assert.match((error as Error).message, r.message);
    await settle(engine);
  });
