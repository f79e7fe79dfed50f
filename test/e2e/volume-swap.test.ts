/**
 * REST-2/REST-3 restore by volume over real HTTP against the embedded emulator: the deployment is
 * sent again with a volume replaced by one carrying `external_volume_id` at the same boot slot.
 * A data volume is swapped in place (same server, ports and addresses; the old volume left
 * detached); the boot volume is swapped by rebuilding the server on it (same generated name, ports
 * and addresses; new server UUID, named by VM_UPDATED). An external volume that is unknown or not
 * `available` is refused with 400 naming it, before anything is recorded — in an update or a first deploy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import { runToCompletion, sendWithCallbacks } from '../support/callbacks.ts';
import { cloudState, storeSnapshot, useManagerAndReceiver } from '../support/manager.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it), {
  settings: { 'vim.asyncpoller.snapshot.create.poll.secs': '0.02' },
});

const volumeXml = (name: string, o: { boot?: boolean; external?: string }) =>
  `<volume><name>${name}</name>${o.external ? `<external_volume_id>${o.external}</external_volume_id>` : `<size>1</size>${o.boot ? '<image>cirros</image>' : ''}`}` +
  `${o.boot ? '<bootable>true</bootable><boot_index>0</boot_index>' : ''}</volume>`;

const deployment = (volumes: string, name = 'vols') => `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>acme</name><deployments><deployment>
  <name>${name}</name>
  <vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor>
    <bootup_time>1</bootup_time><recovery_wait_time>0</recovery_wait_time>
    <volumes>${volumes}</volumes>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>1</min_active><max_active>1</max_active></scaling>
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;

const send = (method: string, path: string, body: string, type?: string) => sendWithCallbacks({ api, receiver }, method, path, body, type);

async function run(res: Response, accepted = 200): Promise<{ code: string; events: { type: string; message: string }[] }> {
  const { code, events } = await runToCompletion({ manager, receiver }, res, accepted);
  return { code, events: events.map((e) => ({ type: e.type, message: e.message })) };
}

interface EmuVolume { id: string; name: string; status: string; snapshotId: string | null; attachments: { serverId: string }[] }
interface EmuServer { id: string; name: string; bdms: { volumeId: string; bootIndex: number | null }[] }
const emulator = () => cloudState(manager) as unknown as { volumes: EmuVolume[]; servers: EmuServer[]; ports: { id: string; fixed_ips: { ip_address: string }[] }[] };
const vm = async () => (await manager.engine.getDeployment('vols')).vms[0]!;

/** A volume made outside the manager in the tenant's project, as a volume from a snapshot would be. */
async function externalVolume(name: string, bootable = false): Promise<string> {
  const tenant = await manager.store.getTenant('acme');
  const scope = { projectId: tenant!.vimProjectId! };
  const image = bootable ? (await manager.vim.findImage(scope, 'cirros'))!.id : undefined;
  const made = await manager.vim.createVolume(scope, { name, size: 1, imageId: image, bootable, tag: `test:${name}` });
  for (let i = 0; i < 200 && (await manager.vim.getVolume(scope, made.id))?.status !== 'available'; i++) await new Promise((r) => setTimeout(r, 10));
  return made.id;
}

const original = volumeXml('root', { boot: true }) + volumeXml('data', {});
let dataSwapped = '';

test('setup: a deployment booting from a volume, with a data volume, is active', async () => {
  assert.equal((await run(await send('POST', '/deployments/vols', deployment(original)), 201)).code, '200');
  assert.equal((await vm()).state, 'VM_ALIVE_STATE');
});

test('REST-3 an unknown or attached external volume is refused with 400 naming it; nothing changes', async () => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  const rootId = (await vm()).volumes.find((v) => v.name === 'root')!.volumeId!;
  for (const [id, message] of [
    [unknown, `external volume [${unknown}] of volume [restored] was not found in the tenant project`],
    [rootId, `external volume [${rootId}] of volume [restored] is in-use, not available`],
  ] as const) {
    const before = await storeSnapshot(manager);
    const res = await send('PUT', '/deployments/vols', deployment(volumeXml('root', { boot: true }) + volumeXml('restored', { external: id })));
    const text = await res.text();
    assert.equal(res.status, 400, text);
    assert.ok(text.includes(message), text);
    await manager.engine.runner.idle();
    assert.equal(await storeSnapshot(manager), before);
  }
});

test('REST-3 a first deploy naming an unknown or attached external volume is refused with 400 naming it; nothing changes', async () => {
  const unknown = '00000000-0000-4000-8000-000000000001';
  const rootId = (await vm()).volumes.find((v) => v.name === 'root')!.volumeId!;
  for (const [id, message] of [
    [unknown, `external volume [${unknown}] of volume [ext] was not found in the tenant project`],
    [rootId, `external volume [${rootId}] of volume [ext] is in-use, not available`],
  ] as const) {
    const before = await storeSnapshot(manager);
    const res = await send('POST', '/deployments/vols-2', deployment(volumeXml('ext', { boot: true, external: id }), 'vols-2'));
    const text = await res.text();
    assert.equal(res.status, 400, text);
    assert.ok(text.includes(message), text);
    await manager.engine.runner.idle();
    assert.equal(await storeSnapshot(manager), before);
  }
});

test('REST-3 a data volume swapped for an external one in place: same server, ports and addresses; the old one left detached', async () => {
  const before = await vm();
  const ports = emulator().ports;
  const oldData = before.volumes.find((v) => v.name === 'data')!.volumeId!;
  const ext = await externalVolume('restored-data');
  dataSwapped = volumeXml('root', { boot: true }) + volumeXml('restored', { external: ext });
  const { code, events } = await run(await send('PUT', '/deployments/vols', deployment(dataSwapped)));
  assert.equal(code, '200');
  assert.deepEqual(events.map((e) => e.type), ['VM_UPDATED', 'SERVICE_UPDATED']);
  const after = await vm();
  assert.equal(after.serverId, before.serverId);
  assert.deepEqual(emulator().ports, ports);
  assert.deepEqual(emulator().volumes.find((v) => v.id === ext)!.attachments.map((a) => a.serverId), [after.serverId]);
  assert.deepEqual([emulator().volumes.find((v) => v.id === oldData)!.status], ['available'], 'the old volume is left, detached');
  assert.deepEqual(after.volumes.map((v) => [v.name, v.volumeId === ext, v.owned]), [['root', false, true], ['restored', true, false]]);
});

test('REST-2 the boot volume swapped by rebuilding the server on it: same name, ports and addresses; new UUID named in VM_UPDATED', async () => {
  const before = await vm();
  const server = emulator().servers.find((s) => s.id === before.serverId)!;
  const ports = emulator().ports;
  const ext = await externalVolume('restored-root', true);
  const dataExt = before.volumes.find((v) => v.name === 'restored')!.volumeId!;
  const swapped = volumeXml('restored-root', { boot: true, external: ext }) + volumeXml('restored', { external: dataExt });
  const { code, events } = await run(await send('PUT', '/deployments/vols', deployment(swapped)));
  assert.equal(code, '200', JSON.stringify(events));
  const after = await vm();
  assert.notEqual(after.serverId, before.serverId);
  assert.deepEqual(events.map((e) => e.type), ['VM_UPDATED', 'SERVICE_UPDATED']);
  assert.ok(events[0]!.message.includes(`Server [${before.serverId}] was rebuilt as [${after.serverId}]`), events[0]!.message);
  const rebuilt = emulator().servers.find((s) => s.id === after.serverId)!;
  assert.equal(rebuilt.name, server.name);
  assert.deepEqual(emulator().ports, ports, 'same ports, same addresses');
  assert.deepEqual(rebuilt.bdms.map((b) => [b.volumeId, b.bootIndex]), [[ext, 0], [dataExt, null]]);
  assert.equal(after.state, 'VM_ALIVE_STATE');
});

test('REST-2 one-step restore-vm from a volume-backed snapshot: a boot volume made from its volume snapshot, the server rebuilt on it', async () => {
  const before = await vm();
  const ports = emulator().ports;
  const snap = await run(await send('POST', `/acme/deployments/snapshot-vm/${before.name}`, '{"operation":"snapshot","name":"vols-golden"}', 'application/json'));
  assert.equal(snap.code, '200');
  const snapshot = (await manager.engine.listSnapshots({ name: 'vols-golden' }))[0]!;
  assert.ok(snapshot.volumeSnapshots.length > 0, 'Nova made a volume snapshot');
  const { code, events } = await run(await send('POST', `/acme/deployments/restore-vm/${before.name}`, JSON.stringify({ snapshot: snapshot.id }), 'application/json'));
  assert.equal(code, '200', JSON.stringify(events));
  assert.deepEqual(events.map((e) => e.type), ['VM_UPDATED', 'SERVICE_UPDATED']);
  const after = await vm();
  assert.notEqual(after.serverId, before.serverId);
  const root = after.volumes.find((v) => v.bootIndex === 0)!;
  assert.equal(root.owned, false, 'the restored volume is out of band');
  assert.notEqual(root.volumeId, before.volumes.find((v) => v.bootIndex === 0)!.volumeId);
  assert.equal(emulator().volumes.find((v) => v.id === root.volumeId)!.snapshotId, snapshot.volumeSnapshots[0]!.id, 'made from the volume snapshot');
  const rebuilt = emulator().servers.find((s) => s.id === after.serverId)!;
  assert.equal(rebuilt.bdms.find((b) => b.bootIndex === 0)?.volumeId, root.volumeId, 'the new volume is the root');
  assert.deepEqual(emulator().ports, ports, 'same ports, same addresses');
  assert.equal(after.state, 'VM_ALIVE_STATE');
});

test('REST-3 undeploy deletes only the volumes we made; external ones stay', async () => {
  const externals = (await vm()).volumes.map((v) => v.volumeId!);
  assert.equal((await run(await fetch(`${api}/deployments/vols`, { method: 'DELETE', headers: { callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') } }))).code, '200');
  assert.deepEqual(emulator().volumes.filter((v) => externals.includes(v.id)).map((v) => v.status).sort(), ['available', 'available']);
});

test('REST-3 a first deploy may boot from an available external volume of the tenant (one the undeploy left); its undeploy leaves it', async () => {
  const free = emulator().volumes.find((v) => v.status === 'available' && v.name === 'restored-root')!;
  const body = deployment(volumeXml('ext', { boot: true, external: free.id }), 'vols-2');
  assert.equal((await run(await send('POST', '/deployments/vols-2', body), 201)).code, '200');
  const attached = emulator().volumes.find((v) => v.id === free.id)!;
  assert.equal(attached.attachments.length, 1);
  assert.equal((await run(await fetch(`${api}/deployments/vols-2`, { method: 'DELETE', headers: { callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') } }))).code, '200');
  assert.equal(emulator().volumes.find((v) => v.id === free.id)?.status, 'available');
});
