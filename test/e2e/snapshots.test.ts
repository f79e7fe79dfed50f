/**
 * SNAP-2..10 over real HTTP against the embedded emulator: a snapshot of a running VM with its
 * events and completion callback, the list in XML and JSON (golden files), delete by id with its
 * events and nothing left on the VIM, and the refusals: a VM in a wrong state, an unknown VM, a
 * name of 256 characters, an unknown snapshot (the exact message) and an ambiguous name.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Manager } from '../../src/app/manager.ts';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { assertGolden } from '../golden.ts';
import { completionOf, eventsOf, runToCompletion } from '../support/callbacks.ts';
import { cloudState, useManagerAndReceiver } from '../support/manager.ts';
import { normalize } from '../support/normalize.ts';

const xml = readFileSync(new URL('fixtures/two-group.xml', import.meta.url), 'utf8');
const golden = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it), {
  settings: { 'vim.asyncpoller.snapshot.create.poll.secs': '0.02', 'vim.asyncpoller.snapshot.delete.poll.secs': '0.02' },
});

const headers = () => ({ callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') });

const snapshotVm = (vm: string, body: string, type = 'application/json') =>
  fetch(`${api}/acme/deployments/snapshot-vm/${vm}`, { method: 'POST', body, headers: { 'content-type': type, ...headers() } });

const list = (query = '', accept = 'application/xml') => fetch(`${api}/snapshots${query}`, { headers: { accept } });

async function completed(res: Response): Promise<{ txn: string; code: string; body: string }> {
  assert.equal(await res.clone().text(), '');
  const { txn, code, done } = await runToCompletion({ manager, receiver }, res);
  return { txn, code, body: done.body };
}

async function vmName(group: string): Promise<string> {
  return (await manager.engine.getDeployment('shop')).vms.find((v) => v.group === group)!.name;
}

test('setup: a 2-group deployment is active', async () => {
  const res = await fetch(`${api}/deployments/shop`, { method: 'POST', body: xml, headers: { 'content-type': 'application/xml', ...headers() } });
  assert.equal(res.status, 201);
  await completionOf(receiver, res.headers.get('esc-transaction-id')!);
  await manager.engine.runner.idle();
});

test('SNAP-2 SNAP-6 create (JSON): VM_BACKUP_INIT, CREATED 202, COMPLETE 200, and the snapshot in the callback', async () => {
  const vm = await vmName('db');
  const { txn, code, body } = await completed(await snapshotVm(vm, '{"operation":"snapshot","name":"my-snapshot-name"}'));
  assert.equal(code, '200');
  assert.deepEqual(
    eventsOf(receiver, txn).map((e) => `${e.type} ${e.status} ${e.statusCode} ${e.vm === vm}`),
    ['VM_BACKUP_INIT SUCCESS 200 true', 'VM_BACKUP_CREATED SUCCESS 202 true', 'VM_BACKUP_COMPLETE SUCCESS 200 true'],
  );
  assertGolden(golden('snapshot-callback.golden.json'), normalize(body));
});

test('SNAP-2 create (XML body) of the other group, twice under one name', async () => {
  const vm = await vmName('web');
  for (let i = 0; i < 2; i++) {
    const { code } = await completed(
      await snapshotVm(vm, `<snapshot_operation ${ns}><operation>snapshot</operation><name>twin</name></snapshot_operation>`, 'application/xml'),
    );
    assert.equal(code, '200');
  }
});

test('SNAP-8 list: XML by default, JSON on Accept, narrowed by tenant and VM, always 200', async () => {
  const db = await vmName('db');
  const xmlList = await list(`?internalTenantId=acme&generatedVMName=${db}`);
  assert.equal(xmlList.status, 200);
  assertGolden(golden('snapshots-list.golden.xml'), normalize(await xmlList.text()));
  const jsonList = await list('?internalTenantId=acme', 'application/json');
  assertGolden(golden('snapshots-list.golden.json'), normalize(await jsonList.text()));
  const none = await list('?internalTenantId=nobody');
  assert.equal(none.status, 200);
  assert.match(await none.text(), /<snapshots\/>/);
});

const refusals: { name: string; send: () => Promise<Response>; status: number; message: RegExp }[] = [
  { name: 'SNAP-4 an unknown VM', send: () => snapshotVm('ghost', '{"operation":"snapshot","name":"n"}'), status: 404, message: /VM \[ghost\] not found in tenant \[acme\]/ },
  {
    name: 'SNAP-4 a name of 256 characters',
    send: async () => snapshotVm(await vmName('db'), JSON.stringify({ operation: 'snapshot', name: 'x'.repeat(256) })),
    status: 400,
    message: /snapshot name has 256 characters \(at most 255\)/,
  },
  { name: 'SNAP-2 another operation', send: async () => snapshotVm(await vmName('db'), '{"operation":"backup","name":"n"}'), status: 400, message: /must be snapshot or export/ },
  {
    name: 'SNAP-9 an unknown snapshot',
    send: () => fetch(`${api}/snapshots/my-snapshot-name-1`, { method: 'DELETE' }),
    status: 404,
    message: /Snapshot image \[my-snapshot-name-1\] not found\./,
  },
  { name: 'SNAP-9 an ambiguous name', send: () => fetch(`${api}/snapshots/twin`, { method: 'DELETE' }), status: 409, message: /snapshot name \[twin\] is used by 2 snapshots/ },
];
for (const r of refusals)
  test(`${r.name} is refused with ${r.status}`, async () => {
    const res = await r.send();
    assert.equal(res.status, r.status);
    assert.match(await res.text(), r.message);
  });

test('SNAP-3 a VM in a wrong state (the service stopping its VMs is over: a VM in error) is refused with 409', async () => {
  const vm = (await manager.engine.getDeployment('shop')).vms.find((v) => v.group === 'web')!;
  await manager.store.putVm({ ...vm, state: 'VM_ERROR_STATE' });
  try {
    const res = await snapshotVm(vm.name, '{"operation":"snapshot","name":"n"}');
    assert.equal(res.status, 409);
    assert.match(await res.text(), /snapshot of VM \[.+\] refused: a snapshot needs a VM alive or stopped, not VM_ERROR_STATE \(SNAP-3\)/);
  } finally {
    await manager.store.putVm(vm);
  }
});

test('SNAP-9 SNAP-10 delete every snapshot (by id): DELETING then DELETED; nothing left on the VIM', async () => {
  const all = await manager.engine.listSnapshots();
  assert.equal(all.length, 3);
  for (const s of all) {
    const res = await fetch(`${api}/snapshots/${s.id}`, { method: 'DELETE', headers: headers() });
    const { txn, code } = await completed(res);
    assert.equal(code, '200');
    assert.deepEqual(
      eventsOf(receiver, txn).map((e) => `${e.type} ${e.status} ${e.statusCode} ${e.message}`),
      [`VM_SNAPSHOT_DELETING SUCCESS 200 Snapshot image [${s.id}] is being deleted.`, `VM_SNAPSHOT_DELETED SUCCESS 200 Snapshot image [${s.id}] has been deleted.`],
    );
  }
  assert.deepEqual(await manager.engine.listSnapshots(), []);
  const cloud = cloudState(manager) as unknown as { images: { name: string }[]; snapshots: unknown[] };
  assert.deepEqual(cloud.images.filter((i) => i.name === 'my-snapshot-name' || i.name === 'twin'), []);
  assert.deepEqual(cloud.snapshots, []);
});
