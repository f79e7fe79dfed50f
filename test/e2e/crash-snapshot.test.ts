/**
 * IMPL-4 crash test of snapshots (SNAP-1, SNAP-10): the manager, a child process, is SIGKILLed
 * while a snapshot of a volume-booted VM is being created (its Cinder snapshot still `creating`)
 * and again while that snapshot is being deleted. After each restart the operation finishes from
 * its recorded steps with its notifications, once each, and nothing is left orphaned on the
 * emulator: one image and one volume snapshot after the create, none after the delete, nothing
 * at all after the undeploy.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpReceiver, type ReceivedRequest } from '../../src/events/testing/http-receiver.ts';
import { ChildManager } from '../support/child-manager.ts';
import { eventually } from '../support/manager.ts';
import { bootVolume, oneVmDeployment } from '../support/one-vm-deployment.ts';

const vnfm = await ChildManager.create();
const receiver = await HttpReceiver.start();
let passed = false;

after(async () => {
  await vnfm.dispose(passed);
  await receiver.close().catch(() => undefined);
});

const deploymentXml = oneVmDeployment({ tenant: 'crash', name: 'snapcrash', volumes: bootVolume });

const headers = { callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') };

function accepted(res: Response, status = 200): string {
  assert.equal(res.status, status);
  return res.headers.get('esc-transaction-id')!;
}

const completion = (txn: string) =>
  eventually(() => receiver.requests.find((r) => r.path === '/done' && r.headers['esc-transaction-id'] === txn), 30_000, `the completion of ${txn}`);

/** The events of a transaction, each once (a redelivery carries the same ESC-Event-Id and body). */
function eventsOf(txn: string): string[] {
  const byId = new Map<string, ReceivedRequest>();
  for (const r of receiver.requests.filter((x) => x.path === '/events' && x.headers['esc-transaction-id'] === txn)) {
    const seen = byId.get(String(r.headers['esc-event-id']));
    if (seen) assert.equal(r.body, seen.body, 'a redelivered event differs');
    else byId.set(String(r.headers['esc-event-id']), r);
  }
  return [...byId.values()].map((r) => {
    const body = JSON.parse(r.body) as { eventType: string; status: string };
    return `${body.eventType} ${body.status}`;
  });
}

const received = (txn: string, event: string) => () => (eventsOf(txn).includes(event) ? true : undefined);

test('IMPL-4 SIGKILL mid-snapshot-create and mid-snapshot-delete: each finishes after the restart, notifications once, nothing orphaned', { timeout: 120_000 }, async () => {
  const api = vnfm.api;
  await vnfm.start();
  const deployTxn = accepted(await fetch(`${api}/deployments/snapcrash`, { method: 'POST', body: deploymentXml, headers: { 'content-type': 'application/xml', ...headers } }), 201);
  assert.equal((await completion(deployTxn)).headers['esc-status-code'], '200');
  const vm = /<vm_name>([^<]+)<\/vm_name>/.exec(await (await fetch(`${api}/deployments/snapcrash`)).text())?.[1];
  assert.ok(vm);

  // Create: killed while Nova's Cinder snapshot of the boot volume is still creating.
  await vnfm.setDurations({ snapshotCreate: 3000 });
  const createTxn = accepted(
    await fetch(`${api}/crash/deployments/snapshot-vm/${vm}`, { method: 'POST', body: '{"operation":"snapshot","name":"crashy"}', headers: { 'content-type': 'application/json', ...headers } }),
  );
  await eventually(received(createTxn, 'VM_BACKUP_CREATED SUCCESS'), 20_000, 'VM_BACKUP_CREATED');
  assert.deepEqual((await vnfm.cloud()).snapshots.map((s) => s.status), ['creating']);
  await vnfm.kill();
  await vnfm.start();
  assert.equal((await completion(createTxn)).headers['esc-status-code'], '200');
  await eventually(received(createTxn, 'VM_BACKUP_COMPLETE SUCCESS'), 10_000, 'VM_BACKUP_COMPLETE');
  assert.deepEqual(eventsOf(createTxn), ['VM_BACKUP_INIT SUCCESS', 'VM_BACKUP_CREATED SUCCESS', 'VM_BACKUP_COMPLETE SUCCESS']);
  let cloud = await vnfm.cloud();
  assert.deepEqual(cloud.images.filter((i) => i.name === 'crashy').map((i) => i.status), ['active'], 'one image, no duplicate from the replay');
  assert.deepEqual(cloud.snapshots.map((s) => s.status), ['available']);
  const list = (await (await fetch(`${api}/snapshots`, { headers: { accept: 'application/json' } })).json()) as { snapshots: { snapshot: { id: string; status: string }[] } };
  const [snapshot] = list.snapshots.snapshot;
  assert.equal(snapshot?.status, 'available');

  // Delete: killed while the image and volume snapshot are being deleted.
  await vnfm.setDurations({ snapshotDelete: 3000 });
  const deleteTxn = accepted(await fetch(`${api}/snapshots/${snapshot.id}`, { method: 'DELETE', headers }));
  await eventually(received(deleteTxn, 'VM_SNAPSHOT_DELETING SUCCESS'), 20_000, 'VM_SNAPSHOT_DELETING');
  await eventually(async () => ((await vnfm.cloud()).snapshots.some((s) => s.status === 'deleting') ? true : undefined), 20_000, 'the volume snapshot deleting');
  await vnfm.kill();
  await vnfm.start();
  assert.equal((await completion(deleteTxn)).headers['esc-status-code'], '200');
  await eventually(received(deleteTxn, 'VM_SNAPSHOT_DELETED SUCCESS'), 10_000, 'VM_SNAPSHOT_DELETED');
  assert.deepEqual(eventsOf(deleteTxn), ['VM_SNAPSHOT_DELETING SUCCESS', 'VM_SNAPSHOT_DELETED SUCCESS']);
  cloud = await vnfm.cloud();
  assert.deepEqual(cloud.images.filter((i) => i.name === 'crashy'), []);
  assert.deepEqual(cloud.snapshots, []);

  const undeployTxn = accepted(await fetch(`${api}/deployments/snapcrash`, { method: 'DELETE', headers }));
  assert.equal((await completion(undeployTxn)).headers['esc-status-code'], '200');
  cloud = await vnfm.cloud();
  assert.deepEqual([cloud.servers.length, cloud.ports.length, cloud.volumes.length, cloud.snapshots.length], [0, 0, 0, 0]);
  passed = true;
});
