/**
 * EXPORT (SNAP-5) through the engine on the real OpenStack driver over the emulator: the image
 * copied into `<export dir>/<snapshot-id>/image.<disk_format>` byte for byte, the manifest, the
 * SHA-256 checked before VM_BACKUP_COMPLETE, the `exporting` progress, a replay after a crash that
 * downloads again, a copy that does not verify, and the refusal of a volume-booted VM.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { isDomainError } from '../domain/errors.ts';
import { newSnapshotRecord, type Snapshot } from '../domain/snapshot.ts';
import type { ExportSink } from './deployment/export-sink.ts';
import { Engine } from './engine.ts';
import { builtVm, op, vmGroup, type OneVm } from './testing/one-vm.ts';
import { openVimWorld, type VimWorld } from './testing/vim-world.ts';
import { snapshotCreateWorkflow } from './workflows/snapshot-create.ts';

let world: VimWorld;
afterEach(() => world.dispose());

const notify = { format: 'json' as const };

async function setUp(o: { bootVolume?: boolean; sink?: (inner: ExportSink) => ExportSink } = {}): Promise<{ engine: Engine; one: OneVm }> {
  world = await openVimWorld();
  const group = o.bootVolume
    ? vmGroup({ volumes: [{ name: 'root', size: 1, sizeunit: 'GiB', bus: 'virtio', bootable: true, bootIndex: 0, image: 'cirros' }] })
    : vmGroup();
  const one = await builtVm(world, group);
  const deps = world.engineDeps();
  return { engine: new Engine(o.sink ? { ...deps, exports: o.sink(deps.exports) } : deps), one };
}

const settle = (engine: Engine) => world.runOut(engine.runner.idle());
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function glanceBytes(imageId: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of await world.vim.driver.downloadImage({}, imageId)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

test('SNAP-5 an export: the image file as Glance has it, the manifest, COMPLETE after the SHA-256 is checked', async () => {
  const seen: string[] = [];
  const { engine, one } = await setUp({
    sink: (inner) => ({
      ...inner,
      // What the list shows while the copy is checked: the export is still running.
      imageSha256: async (id, image) => {
        const s = await world.temp.store.getSnapshot(id);
        seen.push(`${s?.status} ${s?.statusMessage}`);
        return inner.imageSha256(id, image);
      },
    }),
  });
  const { operationId } = await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'weekly', export: true, notify });
  await settle(engine);

  assert.deepEqual(await world.events(operationId), ['VM_BACKUP_INIT SUCCESS', 'VM_BACKUP_CREATED SUCCESS', 'VM_BACKUP_COMPLETE SUCCESS']);
  const [s] = await engine.listSnapshots();
  assert.equal(s?.status, 'available');
  const image = await world.vim.driver.getImage({}, s.imageId!);
  assert.equal(image?.status, 'active');
  const bytes = await glanceBytes(s.imageId!);
  assert.ok(bytes.length > 0);
  assert.deepEqual(seen, [`exporting Exported ${bytes.length} of ${bytes.length} bytes.`]);

  const folder = join(world.exportsDir, s.id);
  assert.deepEqual(readdirSync(folder).sort(), ['image.qcow2', 'manifest.json'], 'no temporary file left');
  assert.ok(readFileSync(join(folder, 'image.qcow2')).equals(bytes));
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  assert.equal(manifest.sha256, sha256(bytes));
  assert.deepEqual(manifest.image, { id: s.imageId, disk_format: 'qcow2', container_format: 'bare', size: bytes.length });
  assert.equal(manifest.snapshot.id, s.id);
  assert.equal(manifest.snapshot.name, 'weekly');
  assert.equal(manifest.snapshot.status, 'available');
  assert.equal(manifest.snapshot.created_from_generated_vm_name, one.vm.name);
  assert.equal(manifest.vm.generated_name, one.vm.name);
  assert.equal(manifest.vm.vm_id, one.vm.serverId);
  assert.match(manifest.deployment_xml, /<esc_datamodel [^>]*>.*<name>dep<\/name>/s);
});

test('SNAP-5 a copy whose SHA-256 does not verify fails the snapshot, leaves no files and no image', async () => {
  const { engine, one } = await setUp({ sink: (inner) => ({ ...inner, imageSha256: async () => '0'.repeat(64) }) });
  const { operationId } = await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'bad', export: true, notify });
  await settle(engine);
  const last = (await world.temp.store.listEvents({ operationId })).at(-1);
  assert.equal(`${last?.type} ${last?.status} ${last?.statusCode}`, 'VM_BACKUP_COMPLETE FAILURE 500');
  assert.match(last?.statusMessage ?? '', /does not match: SHA-256 0{64} on disk/);
  const [s] = await engine.listSnapshots();
  assert.equal(s?.status, 'error');
  assert.equal(existsSync(join(world.exportsDir, s.id)), false);
  assert.deepEqual(await world.vim.driver.listImages({}, { name: 'bad' }), []);
});

test('SNAP-5 a volume-booted VM is refused (INVALID_INPUT) and nothing is recorded', async () => {
  const { engine, one } = await setUp({ bootVolume: true });
  const error = await engine.snapshot({ tenant: 't1', vmName: one.vm.name, name: 'n', export: true, notify }).then(() => undefined, (e: unknown) => e);
  assert.ok(isDomainError(error, 'INVALID_INPUT'), String(error));
  assert.match((error as Error).message, /boots from a volume/);
  assert.deepEqual(await engine.listSnapshots(), []);
  assert.deepEqual((await world.temp.store.listOperations({})).map((o) => o.id), ['op-build'], 'no operation but the build');
});

test('SNAP-5 IMPL-4 a replay after a crash in the download downloads again and leaves a verified, complete file', async () => {
  world = await openVimWorld();
  const one = await builtVm(world);
  const deps = world.engineDeps();
  const o = await op(world, 'op-export', { kind: 'vm.snapshot', input: { snapshotId: 's-1', export: true }, vmName: one.vm.name });
  await world.temp.store.putSnapshot(
    newSnapshotRecord({ id: 's-1', name: 'n', tenant: one.t.tenant, deployment: one.t.deployment, vm: { ...one.vm, serverId: one.vm.serverId! }, operation: o, scopeProjectId: undefined }),
  );
  const crashAt = { step: 'export-image', recorded: false };
  await assert.rejects(world.runOut(snapshotCreateWorkflow.run(world.context(o, { crashAt }), deps)), /crashed at/);
  const file = join(world.exportsDir, 's-1', 'image.qcow2');
  truncateSync(file, 100); // as if the file were left incomplete

  const replay = world.context({ ...o, resumes: 1 }, { recorded: await world.temp.store.getSteps(o.id) });
  await world.runOut(snapshotCreateWorkflow.run(replay, deps));
  const s = (await world.temp.store.getSnapshot('s-1')) as Snapshot;
  assert.equal(s.status, 'available');
  const bytes = await glanceBytes(s.imageId!);
  assert.ok(readFileSync(file).equals(bytes));
  assert.equal(JSON.parse(readFileSync(join(world.exportsDir, 's-1', 'manifest.json'), 'utf8')).sha256, sha256(bytes));
  assert.equal(world.vim.calls.count({ method: 'POST', path: `servers/${one.vm.serverId}/action` }), 1, 'one createImage');
});
