/**
 * IMPL-4 crash tests of the backup/restore work (REST-2..4, SNAP-1, SNAP-9): the manager, a child
 * process, is SIGKILLed while a volume is made from a snapshot; while a data volume is swapped in
 * place, between the old one's detach and the new one's attach; while a one-step restore rebuilds
 * the server on the restored boot volume; and while an undeploy that cut in on a snapshot is
 * removing the half-made snapshot. After each restart the operation finishes from its recorded
 * steps with its notifications, once each, and nothing is left orphaned on the emulator: what
 * stays is recorded (a volume held by a snapshot) or out of band by design (volumes from
 * snapshots, REST-3; the volume a swap replaced, left for manual clean-up, REST-2).
 * Last, on a deployment of its own (sharing this file's manager to spare a start), a service update
 * adding an interface and a volume (COMP-2) is SIGKILLed while Nova attaches the new port.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { completionOf, eventsOf } from '../support/callbacks.ts';
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

interface Volume { id: string; name: string; status: string; attachments: { serverId: string }[] }
interface Server { id: string; status: string; bdms: { volumeId: string; bootIndex: number | null }[] }
const cloud = async () => (await vnfm.cloud()) as unknown as { servers: Server[]; ports: unknown[]; volumes: Volume[]; snapshots: { status: string }[]; images: { name: string }[] };
const volumeNamed = async (suffix: string) => (await cloud()).volumes.filter((v) => v.name.endsWith(suffix));

const headers = { callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') };
const dataVolume = (external?: string) =>
  external ? `<volume><name>restored</name><external_volume_id>${external}</external_volume_id></volume>` : '<volume><name>data</name><size>1</size></volume>';
const deploymentXml = (data: string) => oneVmDeployment({ tenant: 'rcrash', name: 'rcrash', volumes: bootVolume + data, bootupSecs: 1 });

function accepted(res: Response, status = 200): string {
  assert.equal(res.status, status);
  return res.headers.get('esc-transaction-id')!;
}
const send = async (method: string, path: string, body?: string, type = 'application/json') =>
  fetch(`${vnfm.api}${path}`, { method, body, headers: { ...(body && { 'content-type': type }), ...headers } });
const events = (txn: string) => eventsOf(receiver, txn).map((e) => `${e.type} ${e.status}`);
const waitFor = (what: string, check: () => Promise<boolean>) => eventually(async () => ((await check()) ? true : undefined), 20_000, what);
const statusOf = async (txn: string) => String((await completionOf(receiver, txn)).headers['esc-status-code']);
/** The completion's status code once the last event (each callback is delivered on its own) arrived too. */
async function ended(txn: string, last: string): Promise<string> {
  await waitFor(last, async () => events(txn).includes(last));
  return statusOf(txn);
}

/** SIGKILL now, start again; the open operation resumes. */
async function crash(): Promise<void> {
  await vnfm.kill();
  await vnfm.start();
}

let vm = '';
let server = '';
let baseId = '';

test('setup: a VM booting from a volume of ours, with a data volume, and a snapshot of it', { timeout: 60_000 }, async () => {
  await vnfm.start();
  assert.equal(await statusOf(accepted(await send('POST', '/deployments/rcrash', deploymentXml(dataVolume()), 'application/xml'), 201)), '200');
  vm = /<vm_name>([^<]+)<\/vm_name>/.exec(await (await fetch(`${vnfm.api}/deployments/rcrash`)).text())![1]!;
  server = (await cloud()).servers[0]!.id;
  assert.equal(await statusOf(accepted(await send('POST', `/rcrash/deployments/snapshot-vm/${vm}`, '{"operation":"snapshot","name":"base"}'))), '200');
  const list = (await (await fetch(`${vnfm.api}/snapshots`, { headers: { accept: 'application/json' } })).json()) as { snapshots: { snapshot: { id: string }[] } };
  baseId = list.snapshots.snapshot[0]!.id;
});

let fromSnapshot = '';

test('IMPL-4 REST-4 SIGKILL while a volume is made from the snapshot: after the restart one volume, ACCEPTED and CREATED once', { timeout: 60_000 }, async () => {
  await vnfm.setDurations({ volumeCreate: 5000 });
  const txn = accepted(await send('POST', `/snapshots/${baseId}/volumes`, '{"name":"vfs"}'), 202);
  await waitFor('the volume creating', async () => (await volumeNamed('vfs')).some((v) => v.status === 'creating'));
  await crash();
  await ended(txn, 'VM_VOLUME_CREATED_EVENT SUCCESS');
  assert.deepEqual(events(txn), ['VM_VOLUME_ACCEPTED_EVENT SUCCESS', 'VM_VOLUME_CREATED_EVENT SUCCESS']);
  const made = await volumeNamed('vfs');
  assert.deepEqual(made.map((v) => v.status), ['available'], 'one volume, no second one from the replay');
  fromSnapshot = made[0]!.id;
});

test('IMPL-4 REST-2 SIGKILL between the detach of the old data volume and the attach of the new one: the swap finishes on the same server', { timeout: 60_000 }, async () => {
  const [oldData] = await volumeNamed('_data');
  await vnfm.setLatency({ 'server.attachments.create': 30_000 });
  const txn = accepted(await send('PUT', '/deployments/rcrash', deploymentXml(dataVolume(fromSnapshot)), 'application/xml'));
  await waitFor('the old data volume detached', async () => (await volumeNamed('_data'))[0]?.status === 'available');
  assert.deepEqual((await volumeNamed('vfs')).map((v) => v.attachments.length), [0], 'killed before the attach');
  await crash();
  assert.equal(await ended(txn, 'SERVICE_UPDATED SUCCESS'), '200');
  assert.deepEqual(events(txn), ['VM_UPDATED SUCCESS', 'SERVICE_UPDATED SUCCESS']);
  const after = await cloud();
  assert.deepEqual(after.servers.map((s) => s.id), [server], 'the same server');
  assert.deepEqual((await volumeNamed('vfs'))[0]!.attachments.map((a) => a.serverId), [server]);
  assert.deepEqual((await volumeNamed('_data')).map((v) => [v.id, v.status]), [[oldData!.id, 'available']], 'the old one left detached (REST-2)');
});

test('IMPL-4 REST-2 SIGKILL while a one-step restore rebuilds the server on the restored boot volume: it finishes, the replaced volume held by the snapshot', { timeout: 60_000 }, async () => {
  const [oldRoot] = await volumeNamed('_root');
  await vnfm.setDurations({ serverBuild: 5000 });
  const txn = accepted(await send('POST', `/rcrash/deployments/restore-vm/${vm}`, JSON.stringify({ snapshot: baseId })));
  await waitFor('the new server building', async () => (await cloud()).servers.some((s) => s.id !== server && s.status === 'BUILD'));
  await crash();
  assert.equal(await ended(txn, 'SERVICE_UPDATED SUCCESS'), '200');
  assert.deepEqual(events(txn), ['VM_UPDATED SUCCESS', 'SERVICE_UPDATED SUCCESS']);
  const after = await cloud();
  assert.equal(after.servers.length, 1, 'one server, no second one from the replay');
  const rebuilt = after.servers[0]!;
  assert.notEqual(rebuilt.id, server);
  const [restored] = await volumeNamed(`_root_${baseId}`);
  assert.deepEqual(rebuilt.bdms.map((b) => [b.volumeId, b.bootIndex]), [[restored!.id, 0], [fromSnapshot, null]]);
  assert.deepEqual((await volumeNamed('_root')).map((v) => [v.id, v.status]), [[oldRoot!.id, 'available']]);
  const listed = (await (await fetch(`${vnfm.api}/snapshots`, { headers: { accept: 'application/json' } })).json()) as { snapshots: { snapshot: { id: string; status: string }[] } };
  assert.deepEqual(listed.snapshots.snapshot.map((s) => s.status), ['available']);
});

test('IMPL-4 SNAP-1 SIGKILL while an undeploy that cut in on a snapshot removes it: the undeploy finishes, the snapshot cancelled, nothing orphaned', { timeout: 60_000 }, async () => {
  await vnfm.setDurations({ snapshotCreate: 3000, snapshotDelete: 3000 });
  const snapTxn = accepted(await send('POST', `/rcrash/deployments/snapshot-vm/${vm}`, '{"operation":"snapshot","name":"cut"}'));
  await waitFor('VM_BACKUP_CREATED', async () => events(snapTxn).includes('VM_BACKUP_CREATED SUCCESS'));
  const undeployTxn = accepted(await send('DELETE', '/deployments/rcrash'));
  assert.equal(await statusOf(snapTxn), '500', 'the snapshot is cancelled');
  assert.ok((await cloud()).snapshots.some((s) => s.status === 'creating'), 'cut in while its volume snapshots are still being made');
  // Killed as soon as the removal shows on the VIM (the image or a volume snapshot being deleted):
  // a resumed run still finds every volume snapshot the half-made snapshot caused.
  await waitFor('the removal begun', async () => {
    const now = await cloud();
    return !now.images.some((i) => i.name === 'cut') || now.snapshots.some((s) => s.status === 'deleting');
  });
  await crash();
  assert.equal(await ended(undeployTxn, 'SERVICE_UNDEPLOYED SUCCESS'), '200');
  assert.deepEqual(events(undeployTxn), ['VM_BACKUP_COMPLETE FAILURE', 'VM_UNDEPLOYED SUCCESS', 'SERVICE_UNDEPLOYED SUCCESS']);
  assert.equal(eventsOf(receiver, undeployTxn)[0]!.message, 'cancelled by undeploy');
  const listed = (await (await fetch(`${vnfm.api}/snapshots`, { headers: { accept: 'application/json' } })).json()) as { snapshots: { snapshot: { name: string; status: string }[] } };
  assert.deepEqual(listed.snapshots.snapshot.map((s) => `${s.name} ${s.status}`).sort(), ['base available', 'cut error']);
  const left = await cloud();
  assert.deepEqual([left.servers.length, left.ports.length], [0, 0]);
  assert.deepEqual(left.images.filter((i) => i.name === 'cut'), []);

  // The snapshots' deletes take what the base snapshot held; what stays is out of band by design.
  for (const name of ['cut', 'base']) assert.equal(await statusOf(accepted(await send('DELETE', `/snapshots/${name}`))), '200');
  // A volume snapshot the killed run had asked Cinder to delete may still be `deleting` when the
  // resumed undeploy ends (known gap: the resumed run does not always wait for it, see the issue-10
  // note); nothing is orphaned once Cinder finishes what was asked.
  await waitFor('every volume snapshot gone', async () => (await cloud()).snapshots.length === 0);
  const end = await cloud();
  assert.deepEqual(end.images.filter((i) => i.name === 'base' || i.name === 'cut'), []);
  assert.deepEqual(end.volumes.map((v) => v.name.replace(/^.*?_(data|root)(_.*)?$/, '$1$2').replace(baseId, 'SNAP')).sort(), ['data', 'root_SNAP', 'vfs']);
  assert.ok(end.volumes.every((v) => v.status === 'available'));
  passed = true;
});

test('IMPL-4 COMP-2 SIGKILL while Nova attaches an interface an update added: the update finishes, one port bound to the same server', { timeout: 60_000 }, async () => {
  passed = false;
  const base = oneVmDeployment({ tenant: 'rcrash', name: 'ucrash', bootupSecs: 1 });
  const path = '/deployments/ucrash';
  assert.equal(await statusOf(accepted(await send('POST', path, base, 'application/xml'), 201)), '200');
  const [updating] = (await cloud()).servers;
  const nic1 = async () => ((await vnfm.cloud()) as unknown as { ports: { name: string; device_id: string }[] }).ports.filter((p) => p.name.endsWith('_nic1'));
  await vnfm.setLatency({ 'server.interfaces.create': 30_000 });
  const updated = base
    .replace('</interface></interfaces>', '</interface><interface><nicid>1</nicid><network>private</network></interface></interfaces>')
    .replace('</scaling>', '</scaling><volumes><volume><name>data</name><size>1</size></volume></volumes>');
  const txn = accepted(await send('PUT', path, updated, 'application/xml'));
  await waitFor('the new port made', async () => (await nic1()).length > 0);
  await crash();
  assert.equal(await ended(txn, 'SERVICE_UPDATED SUCCESS'), '200');
  assert.deepEqual(events(txn), ['VM_UPDATED SUCCESS', 'SERVICE_UPDATED SUCCESS']);
  assert.deepEqual((await cloud()).servers.map((s) => s.id), [updating!.id], 'the same server');
  assert.deepEqual((await nic1()).map((p) => p.device_id), [updating!.id], 'one port, bound to it');
  assert.deepEqual((await cloud()).volumes.filter((v) => v.name.includes('ucrash') && v.name.endsWith('_data')).map((v) => v.attachments.map((a) => a.serverId)), [[updating!.id]]);
  passed = true;
});
