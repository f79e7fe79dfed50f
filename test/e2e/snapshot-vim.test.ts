/**
 * A snapshot meeting the VIM and the undeploy, over real HTTP against the embedded emulator
 * (SNAP-1, SNAP-9, SNAP-11): an undeploy cutting in on a snapshot ends it FAILURE `cancelled by
 * undeploy` and leaves nothing half made; a volume held by a snapshot survives the undeploy and
 * goes with the snapshot's delete; a VIM failure mid-snapshot and a timeout shortened through the
 * settings API end the snapshot `error` with VM_BACKUP_COMPLETE FAILURE and nothing left.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FaultRule } from '../../emulator/faults/rules.ts';
import type { Manager } from '../../src/app/manager.ts';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { completionOf, eventsOf } from '../support/callbacks.ts';
import { cloudState, eventually, useManagerAndReceiver } from '../support/manager.ts';
import { bootVolume, oneVmDeployment } from '../support/one-vm-deployment.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it));

const headers = () => ({ callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') });


/** Sends a request the manager accepts, then waits for its completion callback; returns the transaction. */
async function done(res: Promise<Response>, status = 200): Promise<string> {
  const r = await res;
  assert.equal(r.status, status, await r.clone().text());
  const txn = r.headers.get('esc-transaction-id')!;
  await completionOf(receiver, txn);
  await manager.outbox.drain(5_000);
  return txn;
}

async function deploy(name: string, volumeBooted: boolean): Promise<string> {
  const body = oneVmDeployment({ tenant: 'snaps', name, volumes: volumeBooted ? bootVolume : undefined });
  await done(fetch(`${api}/deployments/${name}`, { method: 'POST', body, headers: { 'content-type': 'application/xml', ...headers() } }), 201);
  return (await manager.engine.getDeployment(name)).vms[0]!.name;
}

const snapshot = (vm: string, name: string) =>
  fetch(`${api}/snaps/deployments/snapshot-vm/${vm}`, { method: 'POST', body: JSON.stringify({ operation: 'snapshot', name }), headers: { 'content-type': 'application/json', ...headers() } });
const undeploy = (name: string) => fetch(`${api}/deployments/${name}`, { method: 'DELETE', headers: headers() });
const deleteSnapshot = (id: string) => fetch(`${api}/snapshots/${id}`, { method: 'DELETE', headers: headers() });
const faults = (rules: FaultRule[]) => manager.emulator!.admin.setFaults({ rules });

function cloud() {
  return cloudState(manager) as unknown as { images: { name: string }[]; snapshots: unknown[]; volumes: { id: string }[]; servers: unknown[] };
}

/** Nothing of a snapshot named `name` on the VIM, and no volume snapshot at all. */
function nothingLeftOf(name: string): void {
  assert.deepEqual(cloud().images.filter((i) => i.name === name), []);
  assert.deepEqual(cloud().snapshots, []);
}

const backupComplete = (txn: string) => eventsOf(receiver, txn).filter((e) => e.type === 'VM_BACKUP_COMPLETE').map((e) => `${e.status} ${e.statusCode} ${e.message}`);

test('SNAP-1 OPS-2 an undeploy cutting in on a snapshot: VM_BACKUP_COMPLETE FAILURE 500 "cancelled by undeploy", the snapshot error, nothing half made left', async () => {
  const vm = await deploy('cut-in', false);
  faults([{ stuck: { resource: 'image', status: 'saving' } }]);
  try {
    const res = await snapshot(vm, 'cut-short');
    assert.equal(res.status, 200, await res.text());
    const [s] = await manager.engine.listSnapshots({ vmName: vm });
    await eventually(async () => (await manager.store.getSnapshot(s!.id))?.imageId, 10_000, 'the image to be recorded');
    const txn = await done(undeploy('cut-in'));
    assert.deepEqual(backupComplete(txn), ['FAILURE 500 cancelled by undeploy']);
    assert.equal(eventsOf(receiver, txn).at(-1)?.type, 'SERVICE_UNDEPLOYED');
    const after = await manager.store.getSnapshot(s!.id);
    assert.equal(`${after?.status} ${after?.statusMessage}`, 'error cancelled by undeploy');
    nothingLeftOf('cut-short');
    assert.deepEqual(cloud().servers, []);
    await done(deleteSnapshot(s!.id));
  } finally {
    faults([]);
  }
});

test('SNAP-9 an undeploy of a volume-booted VM with a snapshot succeeds, leaving the volume; the snapshot delete removes it', async () => {
  const vm = await deploy('held', true);
  await done(snapshot(vm, 'keep-me'));
  const [s] = await manager.engine.listSnapshots({ vmName: vm });
  assert.equal(s?.status, 'available');
  const volumeId = s.volumeSnapshots[0]!.volumeId;
  const txn = await done(undeploy('held'));
  const last = eventsOf(receiver, txn).at(-1);
  assert.equal(`${last?.type} ${last?.status}`, 'SERVICE_UNDEPLOYED SUCCESS', last?.message);
  assert.deepEqual(cloud().volumes.map((v) => v.id), [volumeId]);
  assert.deepEqual((await manager.store.getSnapshot(s.id))?.heldVolumeIds, [volumeId]);
  const deleted = await done(deleteSnapshot(s.id));
  assert.deepEqual(eventsOf(receiver, deleted).map((e) => `${e.type} ${e.status}`), ['VM_SNAPSHOT_DELETING SUCCESS', 'VM_SNAPSHOT_DELETED SUCCESS']);
  assert.deepEqual(cloud().volumes, []);
  nothingLeftOf('keep-me');
});

test('SNAP-12 a volume snapshot the image names but Cinder does not know fails the snapshot: VM_BACKUP_COMPLETE FAILURE 500 naming it, status error, nothing left', async () => {
  const vm = await deploy('vs-missing', true);
  // Cinder answers 404 for each volume snapshot by id (the list the poller reads is left alone).
  faults([{ match: { method: 'GET', service: 'volume', pathRegex: '/snapshots/[0-9a-f-]{36}$' }, status: 404, message: 'Snapshot could not be found.' }]);
  let txn: string;
  try {
    txn = await done(snapshot(vm, 'no-volume-snapshot'));
  } finally {
    faults([]);
  }
  const [failure] = backupComplete(txn);
  assert.match(failure ?? '', /^FAILURE 500 volume snapshot [0-9a-f-]{36} named by the image of snapshot \[no-volume-snapshot\] is not on the VIM$/);
  const s = (await manager.engine.listSnapshots({ vmName: vm }))[0]!;
  assert.equal(`FAILURE 500 ${s.statusMessage}`, failure);
  assert.equal(s.status, 'error');
  await eventually(() => (cloud().snapshots.length === 0 ? true : undefined), 5_000, 'the volume snapshot deleted');
  nothingLeftOf('no-volume-snapshot');
  await done(deleteSnapshot(s.id));
  await done(undeploy('vs-missing'));
  assert.deepEqual([cloud().servers, cloud().volumes], [[], []]);
});

let faultyVm: string;

test('setup: a deployment for the VIM failures', async () => {
  faultyVm = await deploy('vim-failure', false);
});

for (const c of [
  { name: 'the image goes killed', rules: [{ fail: { resource: 'image', name: '^broken$' } }] as FaultRule[], message: /killed/ },
  {
    name: 'Nova refuses createImage',
    rules: [{ match: { method: 'POST', pathRegex: '/servers/[^/]+/action$' }, status: 403, message: 'Quota exceeded for snapshots' }] as FaultRule[],
    message: /Quota exceeded for snapshots/,
  },
])
  test(`SNAP-11 a VIM failure mid-snapshot (${c.name}): VM_BACKUP_COMPLETE FAILURE 500 with the VIM's words, status error, nothing left`, async () => {
    const vm = faultyVm;
    faults(c.rules);
    let txn: string;
    try {
      txn = await done(snapshot(vm, 'broken'));
    } finally {
      faults([]);
    }
    const [failure] = backupComplete(txn);
    assert.match(failure ?? '', /^FAILURE 500 /);
    assert.match(failure!, c.message);
    const s = (await manager.engine.listSnapshots({ vmName: vm })).find((x) => x.name === 'broken')!;
    assert.equal(s.status, 'error');
    assert.equal(`FAILURE 500 ${s.statusMessage}`, failure);
    nothingLeftOf('broken');
    await done(deleteSnapshot(s.id));
  });

test('SNAP-11 CONF-3 a snapshot outliving a timeout shortened through PATCH /admin/settings fails naming the setting; nothing half made left', async () => {
  const vm = faultyVm;
  const key = 'vim.asyncpoller.snapshot.create.timeout.mins';
  const patched = await fetch(`${api}/admin/settings`, { method: 'PATCH', body: JSON.stringify({ [key]: '0.01' }), headers: { 'content-type': 'application/json' } });
  assert.equal(patched.status, 200, await patched.text());
  faults([{ stuck: { resource: 'image', status: 'saving' } }]);
  let txn: string;
  try {
    txn = await done(snapshot(vm, 'too-slow'));
  } finally {
    faults([]);
  }
  const [failure] = backupComplete(txn);
  assert.match(failure ?? '', /^FAILURE 500 .*timed out.*\(vim\.asyncpoller\.snapshot\.create\.timeout\.mins=0\.01\)/);
  const s = (await manager.engine.listSnapshots({ vmName: vm })).find((x) => x.name === 'too-slow')!;
  assert.equal(s.status, 'error');
  nothingLeftOf('too-slow');
  await done(deleteSnapshot(s.id));
  await done(undeploy('vim-failure'));
  assert.deepEqual(cloud().servers, []);
  assert.deepEqual(cloud().volumes, []);
});
