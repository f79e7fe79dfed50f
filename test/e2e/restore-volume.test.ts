/**
 * REST-2 one-step restore of volume-booted VMs over real HTTP against the embedded emulator, and
 * what becomes of the boot volume of ours it replaces (SNAP-9): with no snapshot taken of it, it
 * is deleted; taken by the restore's own snapshot, it stays recorded as held by that snapshot and
 * goes with its delete. The restore refuses a snapshot whose volume snapshot left the VIM (400
 * naming it). A restore that fails while rebuilding the server still removes the volume it
 * replaced. At the end only the restored volumes, out of band (REST-3), are left on the VIM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import { runToCompletion } from '../support/callbacks.ts';
import { cloudState, eventually, storeSnapshot, useManagerAndReceiver } from '../support/manager.ts';
import { bootVolume, oneVmDeployment } from '../support/one-vm-deployment.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it));

const headers = () => ({ callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') });
const json = (body: object) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers() } });

async function run(res: Promise<Response>, accepted = 200): Promise<{ code: string; events: string[] }> {
  const { code, events } = await runToCompletion({ manager, receiver }, await res, accepted);
  return { code, events: events.map((e) => `${e.type} ${e.status}`) };
}

const vm = async (deployment: string) => (await manager.engine.getDeployment(deployment)).vms[0]!;
const rootOf = async (deployment: string) => (await vm(deployment)).volumes.find((v) => v.bootIndex === 0)!;
const volumes = () => (cloudState(manager).volumes as { id: string; status: string }[]);
const restore = async (deployment: string, snapshot: string) => fetch(`${api}/acme/deployments/restore-vm/${(await vm(deployment)).name}`, json({ snapshot }));
const snapshotOf = async (name: string) => (await manager.engine.listSnapshots({ name }))[0]!;

test('setup: three deployments booting from volumes of ours; the first one snapshotted', async () => {
  const deploy = (name: string) =>
    run(fetch(`${api}/deployments/${name}`, { method: 'POST', body: oneVmDeployment({ tenant: 'acme', name, volumes: bootVolume, bootupSecs: 1 }), headers: { 'content-type': 'application/xml', ...headers() } }), 201);
  assert.deepEqual((await Promise.all([deploy('ra'), deploy('rb'), deploy('rc')])).map((r) => r.code), ['200', '200', '200']);
  assert.equal((await run(fetch(`${api}/acme/deployments/snapshot-vm/${(await vm('ra')).name}`, json({ operation: 'snapshot', name: 'ra-golden' })))).code, '200');
  assert.equal((await snapshotOf('ra-golden')).volumeSnapshots.length, 1);
});

test('REST-2 SNAP-9 a restore replacing a boot volume of ours no snapshot holds deletes it', async () => {
  const old = await rootOf('rb');
  assert.equal(old.owned, true);
  const { code, events } = await run(restore('rb', 'ra-golden'));
  assert.equal(code, '200', events.join());
  assert.deepEqual(events, ['VM_UPDATED SUCCESS', 'SERVICE_UPDATED SUCCESS']);
  assert.deepEqual(volumes().filter((v) => v.id === old.volumeId), [], 'the replaced volume is gone');
  assert.equal((await rootOf('rb')).owned, false, 'the restored volume is out of band (REST-3)');
});

let failedRestoreVolume = '';

test('REST-2 SNAP-9 a restore failing once the server is being rebuilt still deletes the boot volume of ours it replaced', async () => {
  const old = await rootOf('rc');
  manager.emulator!.admin.setFaults({ rules: [{ fail: { resource: 'server', status: 'BUILD' } }] });
  let events: string[];
  try {
    ({ events } = await run(restore('rc', 'ra-golden')));
  } finally {
    manager.emulator!.admin.setFaults({ rules: [] });
  }
  assert.equal(events.at(-1), 'SERVICE_UPDATED FAILURE');
  assert.deepEqual(volumes().filter((v) => v.id === old.volumeId), [], 'the replaced volume is gone');
  failedRestoreVolume = (await rootOf('rc')).volumeId!;
  assert.equal((await run(fetch(`${api}/deployments/rc`, { method: 'DELETE', headers: headers() }))).code, '200');
});

test('REST-2 SNAP-9 a restore replacing the boot volume its snapshot was taken of leaves it held by that snapshot', async () => {
  const old = await rootOf('ra');
  const { code } = await run(restore('ra', 'ra-golden'));
  assert.equal(code, '200');
  assert.deepEqual(volumes().filter((v) => v.id === old.volumeId).map((v) => v.status), ['available'], 'detached and kept: Cinder refuses to delete it');
  assert.deepEqual((await snapshotOf('ra-golden')).heldVolumeIds, [old.volumeId]);
});

test('REST-2 restore-vm from a snapshot whose volume snapshot is leaving the VIM is refused, 409 while deleting, 400 once gone, naming it; nothing changes', async () => {
  assert.equal((await run(fetch(`${api}/acme/deployments/snapshot-vm/${(await vm('rb')).name}`, json({ operation: 'snapshot', name: 'rb-broken' })))).code, '200');
  const s = await snapshotOf('rb-broken');
  const volumeSnapshot = s.volumeSnapshots[0]!.id;
  const scope = { projectId: s.scopeProjectId! };
  await manager.vim.deleteVolumeSnapshot(scope, volumeSnapshot);
  const before = await storeSnapshot(manager);
  for (const [status, message] of [
    [409, `volume snapshot ${volumeSnapshot} of snapshot [${s.id}] is deleting, not available`],
    [400, `volume snapshot ${volumeSnapshot} of snapshot [${s.id}] was not found on VIM`],
  ] as const) {
    if (status === 400) await eventually(async () => ((await manager.vim.getVolumeSnapshot(scope, volumeSnapshot)) ? undefined : true), 5_000, 'the volume snapshot gone');
    const res = await restore('rb', s.id);
    const text = await res.text();
    assert.equal(res.status, status, text);
    assert.ok(text.includes(message), text);
  }
  await manager.engine.runner.idle();
  assert.equal(await storeSnapshot(manager), before);
  assert.equal((await run(fetch(`${api}/snapshots/${s.id}`, { method: 'DELETE', headers: headers() }))).code, '200');
});

test('SNAP-9 REST-3 the snapshot delete takes the volume it held; after the undeploys only the restored volumes are left', async () => {
  const held = (await snapshotOf('ra-golden')).heldVolumeIds![0]!;
  assert.deepEqual((await run(fetch(`${api}/snapshots/ra-golden`, { method: 'DELETE', headers: headers() }))).events, ['VM_SNAPSHOT_DELETING SUCCESS', 'VM_SNAPSHOT_DELETED SUCCESS']);
  assert.deepEqual(volumes().filter((v) => v.id === held), []);
  const restored = [(await rootOf('ra')).volumeId, (await rootOf('rb')).volumeId, failedRestoreVolume].sort();
  for (const name of ['ra', 'rb']) assert.equal((await run(fetch(`${api}/deployments/${name}`, { method: 'DELETE', headers: headers() }))).code, '200');
  assert.deepEqual(volumes().map((v) => v.id).sort(), restored);
  assert.deepEqual(cloudState(manager).servers, []);
});
