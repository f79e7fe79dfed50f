/**
 * IMPL-2 manual recovery over real HTTP against the embedded emulator:
 * `POST /{tenant}/deployments/recovery/{vm}` with `recovery_vm_operation` DO (XML or JSON) runs the
 * group's recovery_policy as it is — here REBOOT_THEN_REDEPLOY with recovery_type MANUAL, which
 * is what waits for it — with the VM_RECOVERY_* events (golden files) and a completion callback
 * carrying the deployment; bad input and refused states get their status and change nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import { assertGolden } from '../golden.ts';
import { completionOf, runToCompletion, type ReceivedEvent } from '../support/callbacks.ts';
import { normalize } from '../support/normalize.ts';
import { cloudState, storeSnapshot, useManagerAndReceiver } from '../support/manager.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => {
  ({ manager, receiver, api } = it);
  manager.emulator!.admin.setDurations({ serverReboot: 200 });
});

const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';
const golden = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const recoveryXml = (operation = 'DO') => `<recovery_vm_operation ${ns}><operation>${operation}</operation></recovery_vm_operation>`;

const deployment = `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>acme</name><deployments><deployment>
  <name>heal</name>
  <vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor><vim_vm_name>heal-vm</vim_vm_name>
    <bootup_time>1</bootup_time><recovery_wait_time>0</recovery_wait_time>
    <recovery_policy><recovery_type>MANUAL</recovery_type><action_on_recovery>REBOOT_THEN_REDEPLOY</action_on_recovery><max_retries>1</max_retries></recovery_policy>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>1</min_active><max_active>1</max_active></scaling>
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;

const headers = (type: string) => ({ 'content-type': type, callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') });

function post(path: string, body: string, type = 'application/xml'): Promise<Response> {
  return fetch(`${api}${path}`, { method: 'POST', body, headers: headers(type) });
}

/** An accepted request run to its completion callback. */
async function run(res: Response): Promise<{ txn: string; done: Awaited<ReturnType<typeof completionOf>>; events: ReceivedEvent[] }> {
  assert.equal(await res.clone().text(), '');
  return runToCompletion({ manager, receiver }, res);
}

const recover = (vm: string, body = recoveryXml(), type = 'application/xml') => post(`/acme/deployments/recovery/${vm}`, body, type);

/** The events as `TYPE STATUS code: message`, ids and names made stable. */
const sequence = (events: ReceivedEvent[]) => normalize(events.map((e) => `${e.type} ${e.status} ${e.statusCode}: ${e.message}\n`).join(''));

async function vm(): Promise<{ name: string; state: string; serverId?: string }> {
  return (await manager.engine.getDeployment('heal')).vms[0]!;
}

test('setup: a deployment whose group recovers only by hand (recovery_type MANUAL) is active', async () => {
  const res = await fetch(`${api}/deployments/heal`, { method: 'POST', body: deployment, headers: headers('application/xml') });
  assert.equal(res.status, 201, await res.clone().text());
  const done = await completionOf(receiver, res.headers.get('esc-transaction-id')!);
  assert.equal(done.headers['esc-status-code'], '200');
  await manager.engine.runner.idle();
  assert.equal((await vm()).state, 'VM_ALIVE_STATE');
});

test('IMPL-2 XML recovery of a VM whose server no longer boots: the reboot does not help, a redeploy on the same port does', async () => {
  const before = await vm();
  const ports = cloudState(manager).ports.map((p) => p.id);
  manager.emulator!.admin.setGuest({ serverId: before.serverId!, mode: 'never-boots' });
  const { done, events } = await run(await recover(before.name));
  assertGolden(golden('manual-recovery-redeploy.golden.txt'), sequence(events));
  assert.equal(done.headers['esc-status-code'], '200');
  assert.match(String(done.headers['esc-status-message']), /VM recovery completed successfully/);
  const after = await vm();
  assert.equal(after.state, 'VM_ALIVE_STATE');
  assert.notEqual(after.serverId, before.serverId);
  assert.ok(done.body.includes(`<name>${after.name}</name>`), 'the completion callback carries the deployment');
  assert.deepEqual(cloudState(manager).servers.map((s) => s.id), [after.serverId]);
  assert.deepEqual(cloudState(manager).ports.map((p) => p.id), ports, 'the port (and its address) is kept');
});

test('IMPL-2 JSON recovery of an alive VM: one hard reboot; the completion callback in JSON', async () => {
  const before = await vm();
  const { done, events } = await run(await recover(before.name, '{"operation":"DO"}', 'application/json'));
  assertGolden(golden('manual-recovery-reboot.golden.txt'), sequence(events));
  assert.equal(done.headers['esc-status-code'], '200');
  assert.ok(JSON.stringify(JSON.parse(done.body)).includes(before.name), 'the completion callback carries the deployment');
  assert.deepEqual([(await vm()).state, (await vm()).serverId], ['VM_ALIVE_STATE', before.serverId]);
});

/** A refused request: its status and message, and nothing changed. */
async function refused(res: Promise<Response>, status: number, message: RegExp): Promise<void> {
  const before = await storeSnapshot(manager);
  const answer = await res;
  const text = await answer.text();
  assert.equal(answer.status, status, text);
  assert.match(text, message);
  await manager.engine.runner.idle();
  assert.equal(await storeSnapshot(manager), before);
}

test('IMPL-2 bad input changes nothing: unknown VM 404, wrong operation 400, no body 400, wrong root 400', async () => {
  const name = (await vm()).name;
  await refused(recover('heal_g_9_nobody'), 404, /VM \[heal_g_9_nobody\] not found in tenant \[acme\]/);
  await refused(recover(name, recoveryXml('UNDO')), 400, /\[undo\] is not one of DO/);
  await refused(recover(name, '{"operation":"reboot"}', 'application/json'), 400, /\[reboot\] is not one of DO/);
  await refused(recover(name, ''), 400, /request body is empty: expected a recovery_vm_operation/);
  await refused(recover(name, `<vm_operation ${ns}><operation>DO</operation></vm_operation>`), 400, /root must be recovery_vm_operation/);
  await refused(post(`/nobody/deployments/recovery/${name}`, recoveryXml()), 404, /not found in tenant \[nobody\]/);
});

test('IMPL-2 a VM in a state recovery does not act on (stopped) gets 409 and nothing changes', async () => {
  const name = (await vm()).name;
  await run(await post(`/acme/deployments/vm/${name}`, `<vm_operation ${ns}><operation>stop</operation><force>true</force></vm_operation>`));
  assert.equal((await vm()).state, 'VM_SHUTOFF_STATE');
  await refused(recover(name), 409, /recovery of VM \[.+\] refused: a recovery needs a VM alive, in error or inert, not VM_SHUTOFF_STATE \(IMPL-2\)/);
  await run(await post(`/acme/deployments/vm/${name}`, `<vm_operation ${ns}><operation>start</operation></vm_operation>`));
});

test('OPS-3 while the service is stopped a recovery gets 409 and nothing changes', async () => {
  await run(await post('/acme/deployments/service/heal', `<service_operation ${ns}><operation>stop</operation></service_operation>`));
  await refused(recover((await vm()).name), 409, /recovery is not allowed while the service is stopped \(OPS-3\)/);
});
