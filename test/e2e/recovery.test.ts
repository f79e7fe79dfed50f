/**
 * IMPL-2 recovery of a VM that does not come alive within bootup_time while being deployed
 * (esc-interface.md §6.2), by its group's recovery_policy, against the emulator's guest model:
 * a hard reboot that brings it back, a redeploy on the same ports, and a policy that gives up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import { completionOf, eventsOf } from '../support/callbacks.ts';
import { cloudState, eventually, useManagerAndReceiver } from '../support/manager.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => {
  ({ manager, receiver, api } = it);
  manager.emulator!.admin.setDurations({ serverReboot: 800 });
});

function deployment(name: string, policy: string): string {
  return `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>acme</name><deployments><deployment>
  <name>${name}</name>
  <vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor><vim_vm_name>${name}-vm</vim_vm_name>
    <bootup_time>1</bootup_time><recovery_wait_time>0</recovery_wait_time>
    <recovery_policy><action_on_recovery>${policy}</action_on_recovery><max_retries>1</max_retries></recovery_policy>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>1</min_active><max_active>1</max_active></scaling>
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;
}

async function deploy(name: string, policy: string, onInit: () => void): Promise<{ txn: string; code: string; types: string[] }> {
  const res = await fetch(`${api}/deployments/${name}`, {
    method: 'POST',
    body: deployment(name, policy),
    headers: { 'content-type': 'application/xml', callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') },
  });
  assert.equal(res.status, 201, await res.clone().text());
  const txn = res.headers.get('esc-transaction-id')!;
  await eventually(() => (eventsOf(receiver, txn).some((e) => e.type === 'VM_RECOVERY_INIT') ? true : undefined), 20_000, 'VM_RECOVERY_INIT');
  onInit();
  const done = await completionOf(receiver, txn);
  await manager.outbox.drain(5_000);
  return { txn, code: String(done.headers['esc-status-code']), types: eventsOf(receiver, txn).map((e) => `${e.type} ${e.status}`) };
}

const serverOf = (name: string) => cloudState(manager).servers.find((s) => s.name === `${name}-vm`)!;

test('IMPL-2 REBOOT_ONLY: a guest that answers after a hard reboot is recovered; the service comes alive', async () => {
  manager.emulator!.admin.setGuest({ serverName: 'reb-vm', mode: 'never-boots' });
  const { code, types } = await deploy('reb', 'REBOOT_ONLY', () => manager.emulator!.admin.setGuest({ serverId: serverOf('reb').id, mode: 'stops-answering' }));
  assert.equal(code, '200');
  assert.deepEqual(types, [
    'CREATE_TENANT SUCCESS', 'VM_DEPLOYED SUCCESS', 'VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_REBOOT SUCCESS',
    'VM_RECOVERY_COMPLETE SUCCESS', 'VM_ALIVE SUCCESS', 'SERVICE_ALIVE SUCCESS',
  ]);
});

test('IMPL-2 REDEPLOY_ONLY: the VM gets a new server on the same port and address', async () => {
  manager.emulator!.admin.setGuest({ serverName: 'red-vm', mode: 'never-boots' });
  let before: { id: string } | undefined;
  const portsBefore = () => cloudState(manager).ports.map((p) => p.id).sort();
  let ports: string[] = [];
  const { code, types } = await deploy('red', 'REDEPLOY_ONLY', () => {
    before = serverOf('red');
    ports = portsBefore();
    manager.emulator!.admin.setGuest({ serverName: 'red-vm', mode: 'ok' });
  });
  assert.equal(code, '200');
  assert.deepEqual(types, [
    'VM_DEPLOYED SUCCESS', 'VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_UNDEPLOYED SUCCESS', 'VM_RECOVERY_DEPLOYED SUCCESS',
    'VM_RECOVERY_COMPLETE SUCCESS', 'VM_ALIVE SUCCESS', 'SERVICE_ALIVE SUCCESS',
  ]);
  const after = serverOf('red');
  assert.notEqual(after.id, before!.id);
  assert.deepEqual(portsBefore(), ports, 'the port (and its address) is kept');
  const view = await manager.engine.getDeployment('red');
  assert.equal(view.vms[0]!.serverId, after.id);
});

test('IMPL-2 a recovery that cannot bring the VM back ends VM_RECOVERY_COMPLETE FAILURE and SERVICE_ALIVE FAILURE', async () => {
  manager.emulator!.admin.setGuest({ serverName: 'bad-vm', mode: 'never-boots' });
  const { code, types } = await deploy('bad', 'REBOOT_ONLY', () => {});
  assert.equal(code, '500');
  assert.deepEqual(types.slice(-3), ['VM_RECOVERY_REBOOT SUCCESS', 'VM_RECOVERY_COMPLETE FAILURE', 'SERVICE_ALIVE FAILURE']);
  assert.equal((await manager.engine.getDeployment('bad')).deployment.state, 'SERVICE_ERROR_STATE');
});
