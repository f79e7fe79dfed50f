/**
 * OPS-4 and VMOP-2 (issue 12 item 8): which reboot Nova is asked for, read from the emulator's
 * record of every reboot it accepted (`rebootTypes` in its state dump). A forced VM reboot is HARD
 * at once; a service reboot is SOFT; a soft reboot that does not bring the server back within the
 * group's `bootup_time` is followed by a HARD one. The guest that ignores the soft reboot is the
 * emulator's `stuck` transition rule holding the server in REBOOT (task `rebooting`): what Nova
 * shows of a guest that does not act on the ACPI request; the hard reboot is not held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Manager } from '../../src/app/manager.ts';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { runToCompletion, sendWithCallbacks } from '../support/callbacks.ts';
import { cloudState, useManagerAndReceiver } from '../support/manager.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it));

const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';
const it = () => ({ manager, receiver, api });

async function vm(): Promise<{ name: string; rebootTypes: string[] }> {
  const name = (await manager.engine.getDeployment('boot')).vms[0]!.name;
  const server = cloudState(manager).servers.find((s) => s.name === name) as { rebootTypes?: string[] } | undefined;
  return { name, rebootTypes: server?.rebootTypes ?? [] };
}

async function reboot(path: string, body: string): Promise<string[]> {
  const { code, events } = await runToCompletion(it(), await sendWithCallbacks(it(), 'POST', path, body));
  assert.equal(code, '200');
  return events.map((e) => `${e.type} ${e.status}`);
}

const forcedVmReboot = (name: string) =>
  reboot(`/acme/deployments/vm/${name}`, `<vm_operation ${ns}><operation>reboot</operation><force>true</force></vm_operation>`);

test('setup: one VM whose group has bootup_time 1 s', async () => {
  const res = await sendWithCallbacks(it(), 'POST', '/deployments/boot', oneVmDeployment({ tenant: 'acme', name: 'boot', bootupSecs: 1 }));
  assert.equal((await runToCompletion(it(), res, 201)).code, '200');
  assert.deepEqual((await vm()).rebootTypes, []);
});

test('VMOP-2 a forced VM reboot sends HARD to Nova', async () => {
  const { name } = await vm();
  assert.deepEqual(await forcedVmReboot(name), ['VM_REBOOTED SUCCESS', 'VM_ALIVE SUCCESS', 'VM_MONITOR_SET SUCCESS']);
  assert.deepEqual((await vm()).rebootTypes, ['HARD']);
});

const serviceReboot = () => reboot('/acme/deployments/service/boot', `<service_operation ${ns}><operation>reboot</operation></service_operation>`);

test('OPS-4 a service reboot sends SOFT, and only SOFT when the server comes back', async () => {
  await serviceReboot();
  assert.deepEqual((await vm()).rebootTypes, ['HARD', 'SOFT']);
});

test('OPS-4 a soft reboot that does not bring the VM back within bootup_time is followed by a HARD one', async () => {
  manager.emulator!.admin.setFaults({ rules: [{ stuck: { resource: 'server', status: 'rebooting' } }] });
  try {
    const events = await serviceReboot();
    assert.deepEqual(events, ['VM_REBOOTED SUCCESS', 'VM_ALIVE SUCCESS', 'VM_MONITOR_SET SUCCESS', 'SERVICE_REBOOTED SUCCESS']);
  } finally {
    manager.emulator!.admin.setFaults({ rules: [] });
  }
  assert.deepEqual((await vm()).rebootTypes, ['HARD', 'SOFT', 'SOFT', 'HARD']);
  const view = await manager.engine.getDeployment('boot');
  assert.equal(view.vms[0]!.state, 'VM_ALIVE_STATE');
});
