/**
 * REST-1 restore of an image-booted VM over real HTTP against the embedded emulator: the VM is
 * snapshotted, the deployment is sent again with the snapshot's image name in place of the group's
 * image (VM_UPDATED records it), and a manual recovery with REDEPLOY_ONLY builds the VM's new server
 * from the snapshot image on the same port. An update naming an image the VIM does not have is
 * refused with 400 before anything is recorded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import { completionOf, runToCompletion, sendWithCallbacks } from '../support/callbacks.ts';
import { cloudState, storeSnapshot, useManagerAndReceiver } from '../support/manager.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it), {
  settings: { 'vim.asyncpoller.snapshot.create.poll.secs': '0.02' },
});

const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';
const deployment = (image: string) => `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>acme</name><deployments><deployment>
  <name>keep</name>
  <vm_group><name>g</name><image>${image}</image><flavor>m1.tiny</flavor><vim_vm_name>keep-vm</vim_vm_name>
    <bootup_time>1</bootup_time><recovery_wait_time>0</recovery_wait_time>
    <recovery_policy><recovery_type>MANUAL</recovery_type><action_on_recovery>REDEPLOY_ONLY</action_on_recovery><max_retries>1</max_retries></recovery_policy>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>1</min_active><max_active>1</max_active></scaling>
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;

const send = (method: string, path: string, body: string, type?: string) => sendWithCallbacks({ api, receiver }, method, path, body, type);

/** An accepted request run to its completion callback: its ESC-Status-Code and event types. */
async function run(res: Response, accepted = 200): Promise<{ code: string; events: string[] }> {
  const { code, events } = await runToCompletion({ manager, receiver }, res, accepted);
  return { code, events: events.map((e) => `${e.type} ${e.status}`) };
}

async function vm(): Promise<{ name: string; state: string; serverId?: string }> {
  return (await manager.engine.getDeployment('keep')).vms[0]!;
}

const emulator = () => cloudState(manager) as unknown as {
  images: { id: string; name: string }[];
  servers: { id: string; imageId: string }[];
  ports: { id: string }[];
};

test('setup: a deployment recovering by REDEPLOY_ONLY, by hand, is active; its VM is snapshotted', async () => {
  assert.equal((await run(await send('POST', '/deployments/keep', deployment('cirros')), 201)).code, '200');
  const snap = await run(await send('POST', `/acme/deployments/snapshot-vm/${(await vm()).name}`, '{"operation":"snapshot","name":"keep-golden"}', 'application/json'));
  assert.equal(snap.code, '200');
  assert.equal(emulator().images.filter((i) => i.name === 'keep-golden').length, 1);
});

test('REST-1 an update naming an image the VIM does not have is refused with 400 naming it; nothing changes', async () => {
  const before = await storeSnapshot(manager);
  const res = await send('PUT', '/deployments/keep', deployment('no-such-image'));
  const text = await res.text();
  assert.equal(res.status, 400, text);
  assert.match(text, /image \[no-such-image\] was not found on VIM/);
  await manager.engine.runner.idle();
  assert.equal(await storeSnapshot(manager), before);
});

test('REST-1 restore: the update records the snapshot image (VM_UPDATED), a REDEPLOY_ONLY recovery builds from it on the same port', async () => {
  const before = await vm();
  const ports = emulator().ports.map((p) => p.id);
  const update = await run(await send('PUT', '/deployments/keep', deployment('keep-golden')));
  assert.equal(update.code, '200');
  assert.deepEqual(update.events, ['VM_UPDATED SUCCESS', 'SERVICE_UPDATED SUCCESS']);
  assert.equal(emulator().servers.find((s) => s.id === before.serverId)!.imageId, emulator().images.find((i) => i.name === 'cirros')!.id, 'the running server is untouched');

  const recovery = await run(await send('POST', `/acme/deployments/recovery/${before.name}`, `<recovery_vm_operation ${ns}><operation>DO</operation></recovery_vm_operation>`));
  assert.equal(recovery.code, '200');
  const after = await vm();
  assert.equal(after.state, 'VM_ALIVE_STATE');
  assert.notEqual(after.serverId, before.serverId);
  const snapshotImage = emulator().images.find((i) => i.name === 'keep-golden')!.id;
  assert.deepEqual(emulator().servers.map((s) => [s.id, s.imageId]), [[after.serverId, snapshotImage]]);
  assert.deepEqual(emulator().ports.map((p) => p.id), ports, 'the port (and its address) is kept');
});

test('REST-1 one-step restore-vm from an image snapshot: VM_UPDATED, SERVICE_UPDATED, the server rebuilt from its image on the same port', async () => {
  const before = await vm();
  const ports = emulator().ports.map((p) => p.id);
  const snap = await run(await send('POST', `/acme/deployments/snapshot-vm/${before.name}`, '{"operation":"snapshot","name":"keep-2"}', 'application/json'));
  assert.equal(snap.code, '200');
  const restore = await run(await send('POST', `/acme/deployments/restore-vm/${before.name}`, '{"snapshot":"keep-2"}', 'application/json'));
  assert.equal(restore.code, '200');
  assert.deepEqual(restore.events, ['VM_UPDATED SUCCESS', 'SERVICE_UPDATED SUCCESS']);
  const after = await vm();
  assert.equal(after.state, 'VM_ALIVE_STATE');
  assert.notEqual(after.serverId, before.serverId);
  const image = emulator().images.find((i) => i.name === 'keep-2')!.id;
  assert.deepEqual(emulator().servers.map((s) => [s.id, s.imageId]), [[after.serverId, image]]);
  assert.deepEqual(emulator().ports.map((p) => p.id), ports, 'the port (and its address) is kept');
  assert.equal((await manager.engine.getDeployment('keep')).deployment.state, 'SERVICE_ACTIVE_STATE');
});

test('REST-1 restore-vm refusals change nothing: unknown snapshot 404, ambiguous name 409, no body 400', async () => {
  const name = (await vm()).name;
  for (let i = 0; i < 2; i++)
    assert.equal((await run(await send('POST', `/acme/deployments/snapshot-vm/${name}`, '{"operation":"snapshot","name":"twin"}', 'application/json'))).code, '200');
  for (const [body, status, message] of [
    ['{"snapshot":"nothing-by-this-name"}', 404, /Snapshot image \[nothing-by-this-name\] not found\./],
    ['{"snapshot":"twin"}', 409, /snapshot name \[twin\] is used by 2 snapshots/],
    ['', 400, /restore_vm_operation/],
  ] as const) {
    const before = await storeSnapshot(manager);
    const res = await send('POST', `/acme/deployments/restore-vm/${name}`, body, 'application/json');
    const text = await res.text();
    assert.equal(res.status, status, text);
    assert.match(text, message);
    await manager.engine.runner.idle();
    assert.equal(await storeSnapshot(manager), before);
  }
});

const snapshotOf = async (name: string) => (await manager.engine.listSnapshots({ name }))[0]!;
const takeSnapshot = async (name: string) => {
  assert.equal((await run(await send('POST', `/acme/deployments/snapshot-vm/${(await vm()).name}`, JSON.stringify({ operation: 'snapshot', name }), 'application/json'))).code, '200');
  return snapshotOf(name);
};

test('REST-1 restore-vm from a snapshot whose image left the VIM is refused with 400 naming the image; nothing changes', async () => {
  const s = await takeSnapshot('image-gone');
  await manager.vim.deleteImage({ projectId: s.scopeProjectId! }, s.imageId!);
  const before = await storeSnapshot(manager);
  const res = await send('POST', `/acme/deployments/restore-vm/${(await vm()).name}`, JSON.stringify({ snapshot: s.id }), 'application/json');
  const text = await res.text();
  assert.equal(res.status, 400, text);
  assert.ok(text.includes(`image ${s.imageId} of snapshot [${s.id}] was not found on VIM`), text);
  await manager.engine.runner.idle();
  assert.equal(await storeSnapshot(manager), before);
  assert.equal((await run(await fetch(`${api}/snapshots/${s.id}`, { method: 'DELETE', headers: { callback: receiver.url('/done') } }))).code, '200');
});

test('SNAP-9 REST-1 a snapshot a restore is using cannot be deleted (409 naming the restore); once the restore ends it can', async () => {
  const s = await takeSnapshot('in-use');
  manager.emulator!.admin.setFaults({ rules: [{ stuck: { resource: 'server', status: 'BUILD' } }] });
  let restoreTxn: string;
  try {
    const restore = await send('POST', `/acme/deployments/restore-vm/${(await vm()).name}`, JSON.stringify({ snapshot: s.id }), 'application/json');
    assert.equal(restore.status, 200, await restore.clone().text());
    restoreTxn = restore.headers.get('esc-transaction-id')!;
    const refused = await fetch(`${api}/snapshots/in-use`, { method: 'DELETE' });
    const text = await refused.text();
    assert.equal(refused.status, 409, text);
    assert.ok(text.includes(`Snapshot image [${s.id}] is being restored from by operation [${restoreTxn}]`), text);
    assert.equal((await snapshotOf('in-use')).status, 'available', 'the refused delete changed nothing');
  } finally {
    manager.emulator!.admin.setFaults({ rules: [] });
  }
  assert.equal((await completionOf(receiver, restoreTxn)).headers['esc-status-code'], '200');
  await manager.engine.runner.idle();
  assert.equal((await run(await fetch(`${api}/snapshots/in-use`, { method: 'DELETE', headers: { callback: receiver.url('/done') } }))).code, '200');
});
