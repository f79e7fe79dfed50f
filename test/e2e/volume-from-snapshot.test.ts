/**
 * REST-3..6 over real HTTP against the embedded emulator: a volume-booted VM's snapshot, then
 * `POST /snapshots/{id}/volumes` → 202 empty with `ESC-Transaction-Id`, the two REST-only callbacks
 * (bodies pinned by golden files) on the `Callback-ESC-Events` URL, the volume on the VIM made from
 * the boot volume's snapshot, the events listed by `GET /events`; and bad input refused with 400
 * or 404 naming the problem, leaving the store and the VIM unchanged.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Manager } from '../../src/app/manager.ts';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { assertGolden } from '../golden.ts';
import { completionOf, eventsOf } from '../support/callbacks.ts';
import { cloudState, eventually, useManagerAndReceiver } from '../support/manager.ts';
import { normalize } from '../support/normalize.ts';

const xml = readFileSync(new URL('fixtures/volume-booted.xml', import.meta.url), 'utf8');
const golden = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it), {
  settings: { 'vim.asyncpoller.snapshot.create.poll.secs': '0.02' },
});

const headers = () => ({ callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') });
const createVolume = (ref: string, body: string) =>
  fetch(`${api}/snapshots/${ref}/volumes`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers() } });

let snapshotId = '';

test('setup: a volume-booted VM and its snapshot, with the boot volume snapshot', async () => {
  const res = await fetch(`${api}/deployments/vault`, { method: 'POST', body: xml, headers: { 'content-type': 'application/xml', ...headers() } });
  assert.equal(res.status, 201, await res.clone().text());
  await completionOf(receiver, res.headers.get('esc-transaction-id')!);
  const vm = (await manager.engine.getDeployment('vault')).vms[0]!;
  const snap = await fetch(`${api}/acme/deployments/snapshot-vm/${vm.name}`, {
    method: 'POST', body: '{"operation":"snapshot","name":"nightly"}', headers: { 'content-type': 'application/json', ...headers() },
  });
  assert.equal(snap.status, 200);
  await completionOf(receiver, snap.headers.get('esc-transaction-id')!);
  const [s] = await manager.engine.listSnapshots();
  assert.equal(s?.status, 'available');
  assert.equal(s.volumeSnapshots.length, 2);
  snapshotId = s.id;
});

test('REST-4 REST-5 a volume from the snapshot: 202 empty, ACCEPTED and CREATED callbacks as the golden files, the volume available', async () => {
  const volumesBefore = cloudState(manager).volumes.length;
  const res = await createVolume(snapshotId, JSON.stringify({ name: 'my-bootable-volume-from-snapshot-volume', multiattach: true, colour: 'ignored' }));
  assert.equal(res.status, 202, await res.clone().text());
  assert.equal(await res.text(), '');
  const txn = res.headers.get('esc-transaction-id')!;
  await completionOf(receiver, txn);
  await manager.outbox.drain(5_000);
  const events = await eventually(() => {
    const got = eventsOf(receiver, txn);
    return got.length === 2 ? got : undefined;
  });
  assert.deepEqual(events.map((e) => `${e.type} ${e.status} ${e.statusCode}`), [
    'VM_VOLUME_ACCEPTED_EVENT SUCCESS 202',
    'VM_VOLUME_CREATED_EVENT SUCCESS 201',
  ]);
  assertGolden(golden('volume-accepted-callback.golden.json'), normalize(`${JSON.stringify(events[0]!.body, null, 2)}\n`));
  assertGolden(golden('volume-created-callback.golden.json'), normalize(`${JSON.stringify(events[1]!.body, null, 2)}\n`));
  const id = (events[1]!.body.escParameter as { external_volume_id: string }).external_volume_id;
  const volume = await manager.vim.getVolume({}, id);
  const [s] = await manager.engine.listSnapshots();
  assert.equal(volume?.status, 'available');
  assert.equal(volume?.snapshotId, s?.volumeSnapshots[0]?.id, "the boot volume's snapshot (boot_index 0)");
  assert.equal(volume?.bootable, true);
  assert.equal(volume?.multiattach, true);
  assert.equal(cloudState(manager).volumes.length, volumesBefore + 1);
  const listed = await fetch(`${api}/events?operationId=${txn}`, { headers: { accept: 'application/json' } });
  assert.deepEqual((await listed.json() as { eventType: string }[]).map((e) => e.eventType), ['VM_VOLUME_ACCEPTED_EVENT', 'VM_VOLUME_CREATED_EVENT']);
});

const refusals: { name: string; ref?: string; body: string; status: number; message: RegExp }[] = [
  { name: 'a missing name', body: '{"bootable":false}', status: 400, message: /volume name is mandatory/ },
  { name: 'a name of 256 characters', body: JSON.stringify({ name: 'x'.repeat(256) }), status: 400, message: /volume name has 256 characters \(at most 255\)/ },
  { name: 'a non-boolean multiattach', body: '{"name":"v","multiattach":"yes"}', status: 400, message: /volume multiattach must be true or false/ },
  { name: 'malformed JSON', body: '{"name":', status: 400, message: /malformed JSON/ },
  { name: 'an empty body', body: '', status: 400, message: /request body is empty/ },
  { name: 'an unknown snapshot', ref: 'no-such-snapshot', body: '{"name":"v"}', status: 404, message: /Snapshot image \[no-such-snapshot\] not found\./ },
];
for (const r of refusals)
  test(`REST-4 ${r.name} is refused with ${r.status}, nothing stored`, async () => {
    const events = (await manager.engine.listEvents({})).length;
    const operations = (await manager.store.listOperations({})).length;
    const volumes = cloudState(manager).volumes.length;
    const res = await createVolume(r.ref ?? snapshotId, r.body);
    assert.equal(res.status, r.status);
    assert.match(await res.text(), r.message);
    assert.equal((await manager.engine.listEvents({})).length, events);
    assert.equal((await manager.store.listOperations({})).length, operations);
    assert.equal(cloudState(manager).volumes.length, volumes);
  });
