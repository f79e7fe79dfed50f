/**
 * OPS-1..6 and VMOP-1..3 over real HTTP against the embedded emulator: service stop, start and
 * reboot, single-VM operations with `force` and `min_active`, the state rules (refusals and the
 * allowed undeploy interruption), a VIM failure in the middle of a stop, a guest that does not come
 * up, and the exact event sequences (golden files).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import { assertGolden } from '../golden.ts';
import { completionOf, eventsOf, sequenceText, shortVm } from '../support/callbacks.ts';
import { cloudState, eventually, useManagerAndReceiver } from '../support/manager.ts';

const xml = readFileSync(new URL('fixtures/two-group.xml', import.meta.url), 'utf8');
const golden = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it));

const headers = () => ({ callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') });

async function post(path: string, body: string, type = 'application/xml'): Promise<Response> {
  return fetch(`${api}${path}`, { method: 'POST', body, headers: { 'content-type': type, ...headers() } });
}

async function run(path: string, body: string): Promise<{ txn: string; code: string }> {
  const res = await post(path, body);
  assert.equal(res.status, 200, await res.clone().text());
  const txn = res.headers.get('esc-transaction-id')!;
  const done = await completionOf(receiver, txn);
  await manager.outbox.drain(5_000);
  return { txn, code: String(done.headers['esc-status-code']) };
}

const service = (op: string) => run('/acme/deployments/service/shop', `<service_operation ${ns}><operation>${op}</operation></service_operation>`);
const vmOp = (vm: string, op: string, force = false) =>
  post(`/acme/deployments/vm/${vm}`, `<vm_operation ${ns}><operation>${op}</operation><force>${force}</force></vm_operation>`);

async function state(): Promise<{ service: string; vms: Record<string, string> }> {
  const view = await manager.engine.getDeployment('shop');
  return { service: view.deployment.state, vms: Object.fromEntries(view.vms.map((v) => [shortVm(v.name), v.state])) };
}

async function vmName(short: string): Promise<string> {
  return (await manager.engine.getDeployment('shop')).vms.find((v) => shortVm(v.name) === short)!.name;
}

async function deploy(): Promise<void> {
  const res = await fetch(`${api}/deployments/shop`, { method: 'POST', body: xml, headers: { 'content-type': 'application/xml', ...headers() } });
  assert.equal(res.status, 201);
  await completionOf(receiver, res.headers.get('esc-transaction-id')!);
  await manager.engine.runner.idle();
}

test('setup: a 2-group deployment is active', async () => {
  await deploy();
  assert.equal((await state()).service, 'SERVICE_ACTIVE_STATE');
});

test('OPS-3 stop: VM_STOPPED per VM then SERVICE_STOPPED; VMs SHUTOFF on the VIM', async () => {
  const { txn, code } = await service('stop');
  assert.equal(code, '200');
  assertGolden(golden('stop-sequence.golden.txt'), sequenceText(eventsOf(receiver, txn)));
  assert.deepEqual(await state(), { service: 'SERVICE_STOPPED_STATE', vms: { db_0: 'VM_SHUTOFF_STATE', web_0: 'VM_SHUTOFF_STATE', web_1: 'VM_SHUTOFF_STATE' } });
  assert.ok(cloudState(manager).servers.every((s) => s.status === 'SHUTOFF'));
  // COMP-1 reversed: web depends on db, so both web VMs stop before db.
  const types = eventsOf(receiver, txn).map((e) => (e.vm ? shortVm(e.vm) : 'service'));
  assert.ok(types.lastIndexOf('web_0') < types.indexOf('db_0') && types.lastIndexOf('web_1') < types.indexOf('db_0'));
});

test('OPS-3 while stopped: another stop is refused; a VM reboot is refused by the VM state', async () => {
  const again = await post('/acme/deployments/service/shop', `<service_operation ${ns}><operation>stop</operation></service_operation>`);
  assert.equal(again.status, 409);
  assert.match(await again.text(), /already stopped/);
  const reboot = await vmOp(await vmName('web_0'), 'reboot');
  assert.equal(reboot.status, 409);
});

test('OPS-2 start: VM_STARTED then VM_ALIVE per VM, then SERVICE_STARTED', async () => {
  const { txn, code } = await service('start');
  assert.equal(code, '200');
  assertGolden(golden('start-sequence.golden.txt'), sequenceText(eventsOf(receiver, txn)));
  assert.deepEqual(await state(), { service: 'SERVICE_ACTIVE_STATE', vms: { db_0: 'VM_ALIVE_STATE', web_0: 'VM_ALIVE_STATE', web_1: 'VM_ALIVE_STATE' } });
});

test('OPS-5 a start on a running service is refused with a clear error', async () => {
  const res = await post('/acme/deployments/service/shop', `<service_operation ${ns}><operation>start</operation></service_operation>`);
  assert.equal(res.status, 409);
  assert.match(await res.text(), /already running \(OPS-5\)/);
});

test('OPS-4/OPS-5 reboot: VM_REBOOTED, VM_ALIVE, monitoring re-armed per VM, SERVICE_REBOOTED; the VM history shows it', async () => {
  const { txn, code } = await service('reboot');
  assert.equal(code, '200');
  assertGolden(golden('reboot-sequence.golden.txt'), sequenceText(eventsOf(receiver, txn)));
  const name = await vmName('db_0');
  const res = await fetch(`${api}/events?internalDeploymentId=shop&vmName=${name}`, { headers: { accept: 'application/json' } });
  const history = ((await res.json()) as { eventType: string }[]).map((e) => e.eventType);
  assert.deepEqual(history.slice(-3), ['VM_REBOOTED', 'VM_ALIVE', 'VM_MONITOR_SET']);
});

test('monitoring as operations of their own: DISABLE_MONITOR then ENABLE_MONITOR, per VM and for the service', async () => {
  const notify = { completionUrl: receiver.url('/done'), eventsUrl: receiver.url('/events'), format: 'xml' as const };
  const off = await manager.engine.serviceAction({ tenant: 'acme', deploymentName: 'shop', action: 'disableMonitor', notify });
  await completionOf(receiver, off.operationId);
  await manager.outbox.drain(5_000);
  assertGolden(golden('disable-monitor-sequence.golden.txt'), sequenceText(eventsOf(receiver, off.operationId)));
  assert.deepEqual(Object.values((await state()).vms), ['VM_MONITOR_DISABLED_STATE', 'VM_MONITOR_DISABLED_STATE', 'VM_MONITOR_DISABLED_STATE']);
  const on = await manager.engine.vmAction({ tenant: 'acme', vmName: await vmName('db_0'), action: 'enableMonitor', force: false, notify });
  await completionOf(receiver, on.operationId);
  await manager.outbox.drain(5_000);
  assert.deepEqual(eventsOf(receiver, on.operationId).map((e) => e.type), ['VM_MONITOR_SET']);
  const all = await manager.engine.serviceAction({ tenant: 'acme', deploymentName: 'shop', action: 'enableMonitor', notify });
  await completionOf(receiver, all.operationId);
  await manager.outbox.drain(5_000);
  assert.equal(eventsOf(receiver, all.operationId).at(-1)!.type, 'SERVICE_MONITOR_SET');
  assert.deepEqual(Object.values((await state()).vms), ['VM_ALIVE_STATE', 'VM_ALIVE_STATE', 'VM_ALIVE_STATE']);
});

test('VMOP-2 a stop that would take a group below min_active is refused unless forced', async () => {
  const web0 = await vmName('web_0');
  const refused = await vmOp(web0, 'stop');
  assert.equal(refused.status, 409);
  assert.match(await refused.text(), /min_active 2.*force/);
  const forced = await vmOp(web0, 'stop', true);
  assert.equal(forced.status, 200);
  const txn = forced.headers.get('esc-transaction-id')!;
  await completionOf(receiver, txn);
  await manager.outbox.drain(5_000);
  assert.deepEqual(eventsOf(receiver, txn).map((e) => e.type), ['VM_STOPPED']);
  assert.equal((await state()).vms.web_0, 'VM_SHUTOFF_STATE');
  assert.equal((await state()).service, 'SERVICE_ACTIVE_STATE');
});

test('VMOP-1 VM start: VM_STARTED then VM_ALIVE', async () => {
  const res = await vmOp(await vmName('web_0'), 'start');
  assert.equal(res.status, 200);
  const txn = res.headers.get('esc-transaction-id')!;
  await completionOf(receiver, txn);
  await manager.outbox.drain(5_000);
  assert.deepEqual(eventsOf(receiver, txn).map((e) => e.type), ['VM_STARTED', 'VM_ALIVE']);
});

test('VMOP-2 a VM in a transitional state is refused unless forced; forced reboot is hard', async () => {
  manager.emulator!.admin.setDurations({ serverReboot: 1500 });
  const db0 = await vmName('db_0');
  const first = await vmOp(db0, 'reboot', true);
  assert.equal(first.status, 200);
  await eventually(async () => ((await state()).vms.db_0 === 'VM_REBOOTING_STATE' ? true : undefined), 5_000, 'db_0 rebooting');
  const refused = await vmOp(db0, 'reboot');
  assert.equal(refused.status, 409);
  assert.match(await refused.text(), /VM_REBOOTING_STATE unless forced/);
  await completionOf(receiver, first.headers.get('esc-transaction-id')!);
  await manager.engine.runner.idle();
  manager.emulator!.admin.setDurations({ serverReboot: 200 });
  assert.equal((await state()).vms.db_0, 'VM_ALIVE_STATE');
});

test('OPS-6 a VIM failure in the middle of a stop: that VM fails with the VIM reason; the service goes to error', async () => {
  manager.emulator!.admin.setFaults({ rules: [{ match: { action: 'server.action.os-stop' }, count: 1, status: 400 }] });
  const { txn, code } = await service('stop');
  manager.emulator!.admin.setFaults({ rules: [] });
  assert.equal(code, '500');
  const events = eventsOf(receiver, txn);
  const failedStop = events.filter((e) => e.type === 'VM_STOPPED' && e.status === 'FAILURE');
  assert.equal(failedStop.length, 1);
  assert.match(failedStop[0]!.message, /VM stop failed: OpenStack Nova/);
  assert.equal(events.at(-1)!.type, 'SERVICE_STOPPED');
  assert.equal(events.at(-1)!.status, 'FAILURE');
  assert.equal((await state()).service, 'SERVICE_ERROR_STATE');
});

test('a guest that never boots: the start reports VM_ALIVE FAILURE with its reason', async () => {
  // The fixture's bootup_time is 120 s; a service update (allowed from the error state) shortens it.
  const short = xml.replaceAll('<bootup_time>120</bootup_time>', '<bootup_time>1</bootup_time>');
  const update = await fetch(`${api}/deployments/shop`, { method: 'PUT', body: short, headers: { 'content-type': 'application/xml', ...headers() } });
  assert.equal(update.status, 200, await update.clone().text());
  await completionOf(receiver, update.headers.get('esc-transaction-id')!);
  await service('stop');
  const web1 = await vmName('web_1');
  const server = cloudState(manager).servers.find((s) => s.name === web1)!;
  manager.emulator!.admin.setGuest({ serverId: server.id, mode: 'never-boots' });
  const { txn, code } = await service('start');
  assert.equal(code, '500');
  const alive = eventsOf(receiver, txn).find((e) => e.type === 'VM_ALIVE' && e.vm === web1)!;
  assert.equal(alive.status, 'FAILURE');
  assert.match(alive.message, /bootup_time 1 s/);
  assert.equal((await state()).vms.web_1, 'VM_ERROR_STATE');
  manager.emulator!.admin.setGuest({ serverId: server.id, mode: 'ok' });
});

test('OPS-2 while a start runs only an undeploy may interrupt it: stop is refused, undeploy cancels and removes every VM', async () => {
  manager.emulator!.admin.setDurations({ serverPower: 1500 });
  const start = await post('/acme/deployments/service/shop', `<service_operation ${ns}><operation>start</operation></service_operation>`);
  assert.equal(start.status, 200, await start.clone().text());
  const stop = await post('/acme/deployments/service/shop', `<service_operation ${ns}><operation>stop</operation></service_operation>`);
  assert.equal(stop.status, 409);
  assert.match(await stop.text(), /a start is running.*only an undeploy may interrupt it/);
  const undeploy = await fetch(`${api}/deployments/shop`, { method: 'DELETE', headers: headers() });
  assert.equal(undeploy.status, 200);
  const startDone = await completionOf(receiver, start.headers.get('esc-transaction-id')!);
  assert.equal(startDone.headers['esc-status-code'], '500');
  assert.match(String(startDone.headers['esc-status-message']), /cancelled/);
  const undeployDone = await completionOf(receiver, undeploy.headers.get('esc-transaction-id')!);
  assert.equal(undeployDone.headers['esc-status-code'], '200');
  manager.emulator!.admin.setDurations({ serverPower: 100 });
  const cloud = cloudState(manager);
  assert.deepEqual([cloud.servers.length, cloud.ports.length, cloud.volumes.length], [0, 0, 0]);
});
