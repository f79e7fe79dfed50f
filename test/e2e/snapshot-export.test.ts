/**
 * EXPORT (SNAP-5) over real HTTP against the embedded emulator: `"operation":"export"` makes the
 * snapshot and copies its image to `<data.dir>/exports/<snapshot-id>/` with its manifest before
 * VM_BACKUP_COMPLETE; the XML body does the same; a volume-booted VM is refused with 400 and nothing
 * is recorded.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Manager } from '../../src/app/manager.ts';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { completionOf, eventsOf } from '../support/callbacks.ts';
import { useManagerAndReceiver } from '../support/manager.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';

const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it), { settings: { 'vim.asyncpoller.snapshot.create.poll.secs': '0.02' } });

const headers = () => ({ callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') });


async function deploy(name: string, volumes: string): Promise<string> {
  const res = await fetch(`${api}/deployments/${name}`, { method: 'POST', body: oneVmDeployment({ tenant: 'acme', name, volumes, bootupSecs: 120 }), headers: { 'content-type': 'application/xml', ...headers() } });
  assert.equal(res.status, 201, await res.clone().text());
  await completionOf(receiver, res.headers.get('esc-transaction-id')!);
  await manager.engine.runner.idle();
  return (await manager.engine.getDeployment(name)).vms[0]!.name;
}

const exportVm = (vm: string, body: string, type = 'application/json') =>
  fetch(`${api}/acme/deployments/snapshot-vm/${vm}`, { method: 'POST', body, headers: { 'content-type': type, ...headers() } });

const exportsDir = () => join(manager.config.string('data.dir'), 'exports');

async function exportedBy(res: Response, name: string): Promise<{ txn: string; folder: string }> {
  assert.equal(res.status, 200, await res.clone().text());
  const txn = res.headers.get('esc-transaction-id')!;
  const done = await completionOf(receiver, txn);
  assert.equal(String(done.headers['esc-status-code']), '200', done.body);
  const listed = (await (await fetch(`${api}/snapshots`, { headers: { accept: 'application/json' } })).json()) as { snapshots: { snapshot: { id: string; name: string; status: string }[] } };
  const s = listed.snapshots.snapshot.find((x) => x.name === name);
  assert.equal(s?.status, 'available');
  return { txn, folder: join(exportsDir(), s.id) };
}

test('SNAP-5 export (JSON): events end with COMPLETE; image and manifest in <data.dir>/exports/<id>/, SHA-256 matching', async () => {
  const vm = await deploy('exp', '<volume><name>data</name><size>1</size><sizeunit>GiB</sizeunit><bus>virtio</bus></volume>');
  const { txn, folder } = await exportedBy(await exportVm(vm, '{"operation":"export","name":"offsite"}'), 'offsite');
  await manager.outbox.drain(5_000);
  assert.deepEqual(eventsOf(receiver, txn).map((e) => `${e.type} ${e.status}`), ['VM_BACKUP_INIT SUCCESS', 'VM_BACKUP_CREATED SUCCESS', 'VM_BACKUP_COMPLETE SUCCESS']);
  assert.deepEqual(readdirSync(folder).sort(), ['image.qcow2', 'manifest.json']);
  const bytes = readFileSync(join(folder, 'image.qcow2'));
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  assert.equal(manifest.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(manifest.image.size, bytes.length);
  assert.equal(manifest.snapshot.name, 'offsite');
  assert.equal(manifest.vm.generated_name, vm);
  assert.match(manifest.deployment_xml, /<name>exp<\/name>/);

  const again = await exportedBy(await exportVm(vm, `<snapshot_operation ${ns}><operation>export</operation><name>offsite-xml</name></snapshot_operation>`, 'application/xml'), 'offsite-xml');
  assert.deepEqual(readdirSync(again.folder).sort(), ['image.qcow2', 'manifest.json']);
});

test('SNAP-5 export of a volume-booted VM: 400, nothing recorded', async () => {
  const vm = await deploy(
    'exp-bfv',
    '<volume><name>root</name><size>1</size><sizeunit>GiB</sizeunit><bus>virtio</bus><image>cirros</image><bootable>true</bootable><boot_index>0</boot_index></volume>',
  );
  const before = (await manager.engine.listSnapshots()).length;
  const res = await exportVm(vm, '{"operation":"export","name":"nope"}');
  assert.equal(res.status, 400);
  assert.match(await res.text(), /boots from a volume/);
  assert.equal(res.headers.get('esc-transaction-id'), null);
  assert.equal((await manager.engine.listSnapshots()).length, before);
  assert.deepEqual((await manager.engine.listSnapshots({ vmName: vm })), []);
});
