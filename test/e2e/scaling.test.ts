/**
 * COMP-4 against the embedded emulator. Rule-driven scaling has no northbound request in ESC
 * (esc-interface.md §6.3: monitors trigger it), so these tests ask the engine's `scaleVmGroup`
 * directly, as the rule engine does, and read the events from the callbacks: scale-out and
 * scale-in with their exact sequences, the refusals (max_active, min_active, not elastic, unknown
 * group, stopped), a scale-out whose server fails (torn down, nothing left). Then the update-driven
 * side: a raised `min_active` adds VMs (VM_DEPLOYED and VM_ALIVE per new VM, then SERVICE_UPDATED),
 * one above `max_active` is refused with 400, a lowered one removes nothing, and an update while
 * stopped is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Manager } from '../../src/app/manager.ts';
import { isDomainError, type ErrorCode } from '../../src/domain/errors.ts';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { assertGolden } from '../golden.ts';
import { completionOf, eventsOf, runToCompletion, sendWithCallbacks, sequenceText, shortVm } from '../support/callbacks.ts';
import { cloudState, storeSnapshot, useManagerAndReceiver } from '../support/manager.ts';
import { normalize } from '../support/normalize.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it));

const golden = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';

/** `g` scales between `min` and `max`; `fixed` is not elastic. */
function deploymentXml(g: { min: number; max: number } = { min: 1, max: 3 }): string {
  const group = (name: string, min: number, max: number, elastic: boolean) => `
    <vm_group>
      <name>${name}</name>
      <image>cirros</image>
      <flavor>m1.tiny</flavor>
      <bootup_time>30</bootup_time>
      <recovery_wait_time>10</recovery_wait_time>
      <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
      <scaling><min_active>${min}</min_active><max_active>${max}</max_active><elastic>${elastic}</elastic></scaling>
    </vm_group>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<esc_datamodel xmlns="http://www.cisco.com/esc/esc">
  <tenants><tenant><name>acme</name><deployments><deployment>
    <name>grow</name>${group('g', g.min, g.max, true)}${group('fixed', 1, 2, false)}
  </deployment></deployments></tenant></tenants>
</esc_datamodel>`;
}

const it = () => ({ manager, receiver, api });
const notify = () => ({ completionUrl: receiver.url('/done'), eventsUrl: receiver.url('/events'), format: 'json' as const });

/** Asks for a scale as the rule engine would and runs it to its end: the completion's status code and the events. */
async function scale(direction: 'out' | 'in', group = 'g') {
  const { operationId } = await manager.engine.scaleVmGroup({ deploymentName: 'grow', group, direction, reason: `test asks for scale-${direction}`, notify: notify() });
  const done = await completionOf(receiver, operationId);
  await manager.outbox.drain(5_000);
  await manager.engine.runner.idle();
  return { code: String(done.headers['esc-status-code']), message: String(done.headers['esc-status-message']), events: eventsOf(receiver, operationId) };
}

/** A scale the rules refuse: its code and message, and nothing recorded. */
async function refusedScale(direction: 'out' | 'in', group: string, code: ErrorCode, message: RegExp): Promise<void> {
  const before = await storeSnapshot(manager);
  await assert.rejects(manager.engine.scaleVmGroup({ deploymentName: 'grow', group, direction, reason: 'test', notify: notify() }), (err) => {
    assert.ok(isDomainError(err, code), String(err));
    assert.match(err.message, message);
    return true;
  });
  assert.equal(await storeSnapshot(manager), before, 'a refusal changes nothing');
}

async function groupVms(group = 'g'): Promise<string[]> {
  return (await manager.engine.getDeployment('grow')).vms.filter((v) => v.group === group).map((v) => shortVm(v.name)).sort();
}

const serversOf = (group: string) => cloudState(manager).servers.filter((s) => s.name.startsWith(`grow_${group}_`));

test('setup: a deployment with an elastic group (1..3) and a fixed one', async () => {
  const { code } = await runToCompletion(it(), await sendWithCallbacks(it(), 'POST', '/deployments/grow', deploymentXml()), 201);
  assert.equal(code, '200');
  assert.deepEqual(await groupVms(), ['g_0']);
});

test('COMP-4 scale-out: VM_SCALE_OUT_INIT, VM_SCALE_OUT_DEPLOYED, VM_ALIVE, VM_SCALE_OUT_COMPLETE naming the new VM', async () => {
  const { code, events } = await scale('out');
  assert.equal(code, '200');
  assertGolden(golden('scale-out-sequence.golden.txt'), sequenceText(events));
  assert.match(events[0]!.message, /^VM scale out triggered \(test asks for scale-out\)$/);
  const complete = events.at(-1)!;
  assert.equal(complete.message, 'VM scaled out successfully');
  assertGolden(golden('scale-out-complete-callback.golden.json'), normalize(JSON.stringify(complete.body, null, 2)));
  assert.deepEqual(await groupVms(), ['g_0', 'g_1']);
  assert.deepEqual(serversOf('g').map((s) => s.status), ['ACTIVE', 'ACTIVE']);
  const view = await manager.engine.getDeployment('grow');
  assert.equal(view.deployment.state, 'SERVICE_ACTIVE_STATE');
  assert.ok(view.vms.every((v) => v.state === 'VM_ALIVE_STATE' && v.monitoring));
});

test('COMP-4 scale-out up to max_active, then refused at it', async () => {
  assert.equal((await scale('out')).code, '200');
  assert.deepEqual(await groupVms(), ['g_0', 'g_1', 'g_2']);
  await refusedScale('out', 'g', 'REFUSED_IN_STATE', /^scale-out of vm_group \[g\] of deployment \[grow\] refused: the group has 3 VMs, its max_active is 3$/);
});

test('COMP-4 scale-in: the highest index goes; VM_SCALE_IN_INIT, VM_UNDEPLOYED, VM_SCALE_IN_COMPLETE; its server and port are gone', async () => {
  const portsBefore = cloudState(manager).ports.length;
  const { code, events } = await scale('in');
  assert.equal(code, '200');
  assertGolden(golden('scale-in-sequence.golden.txt'), sequenceText(events));
  assert.equal(events.at(-1)!.message, 'VM scaled in successfully');
  assert.deepEqual(await groupVms(), ['g_0', 'g_1']);
  assert.equal(serversOf('g').length, 2);
  assert.equal(cloudState(manager).ports.length, portsBefore - 1);
});

test('COMP-4 scale-in down to min_active, then refused at it', async () => {
  assert.equal((await scale('in')).code, '200');
  assert.deepEqual(await groupVms(), ['g_0']);
  await refusedScale('in', 'g', 'REFUSED_IN_STATE', /refused: the group has 1 VMs, its min_active is 1$/);
});

test('COMP-4 refusals: a group that is not elastic, an unknown group, an unknown deployment', async () => {
  await refusedScale('out', 'fixed', 'REFUSED_IN_STATE', /scale-out of vm_group \[fixed\] .* refused: the group is not elastic/);
  await refusedScale('out', 'nope', 'NOT_FOUND', /^vm_group \[nope\] not found in deployment \[grow\]$/);
  await assert.rejects(manager.engine.scaleVmGroup({ deploymentName: 'gone', group: 'g', direction: 'out', reason: 'test', notify: notify() }), /deployment \[gone\] not found/);
});

test('COMP-4 a scale-out whose server fails: the new VM is torn down and its record removed; COMPLETE FAILURE "VM scaled out failed"', async () => {
  const before = cloudState(manager);
  manager.emulator!.admin.setFaults({ rules: [{ fail: { resource: 'server' }, count: 1 }] });
  const { code, message, events } = await scale('out');
  manager.emulator!.admin.setFaults({ rules: [] });
  assert.equal(code, '500');
  assert.match(message, /^VM scaled out failed: VM \[grow_g_1_.+\] did not come up and was removed: .*ERROR/);
  assertGolden(golden('scale-out-failed-sequence.golden.txt'), sequenceText(events));
  assert.match(events.at(-1)!.message, /^VM scaled out failed: /);
  assert.deepEqual(await groupVms(), ['g_0']);
  const after = cloudState(manager);
  assert.deepEqual([after.servers.length, after.ports.length, after.volumes.length], [before.servers.length, before.ports.length, before.volumes.length]);
  // The group can grow again afterwards.
  assert.equal((await scale('out')).code, '200');
  assert.equal((await scale('in')).code, '200');
});

test('COMP-4 update raising min_active by two: VM_DEPLOYED and VM_ALIVE per new VM, then SERVICE_UPDATED; no VM_UPDATED', async () => {
  const { code, events } = await runToCompletion(it(), await sendWithCallbacks(it(), 'PUT', '/deployments/grow', deploymentXml({ min: 3, max: 3 })));
  assert.equal(code, '200');
  assert.deepEqual(events.filter((e) => e.type === 'VM_UPDATED'), [], 'the existing VM did not change (issue 12 item 2)');
  const added = events.filter((e) => e.vm && ['g_1', 'g_2'].includes(shortVm(e.vm)));
  for (const vm of ['g_1', 'g_2'])
    assert.deepEqual(added.filter((e) => shortVm(e.vm!) === vm).map((e) => `${e.type} ${e.status}`), ['VM_DEPLOYED SUCCESS', 'VM_ALIVE SUCCESS'], vm);
  assert.equal(events.at(-1)!.type, 'SERVICE_UPDATED');
  assert.equal(events.filter((e) => e.type === 'SERVICE_UPDATED').length, 1);
  assert.deepEqual(await groupVms(), ['g_0', 'g_1', 'g_2']);
});

test('COMP-4 update with min_active above max_active: 400 naming it, nothing changed', async () => {
  const before = await storeSnapshot(manager);
  const res = await sendWithCallbacks(it(), 'PUT', '/deployments/grow', deploymentXml({ min: 4, max: 3 }));
  assert.equal(res.status, 400);
  assert.match(await res.text(), /vm_group\[g\]\/scaling\/min_active \(4\) must not exceed max_active \(3\)/);
  assert.equal(await storeSnapshot(manager), before);
});

test('COMP-4 [I] update lowering min_active below the VM count removes no VM', async () => {
  const { code, events } = await runToCompletion(it(), await sendWithCallbacks(it(), 'PUT', '/deployments/grow', deploymentXml({ min: 1, max: 3 })));
  assert.equal(code, '200');
  assert.ok(!events.some((e) => e.type === 'VM_UNDEPLOYED' || e.type === 'VM_DEPLOYED'), events.map((e) => e.type).join(' '));
  assert.deepEqual(await groupVms(), ['g_0', 'g_1', 'g_2']);
  assert.equal(serversOf('g').length, 3);
});

test('OPS-3 while stopped: scale-out, scale-in and an update are refused', async () => {
  const stop = await sendWithCallbacks(it(), 'POST', '/acme/deployments/service/grow', `<service_operation ${ns}><operation>stop</operation></service_operation>`);
  assert.equal((await runToCompletion(it(), stop)).code, '200');
  await refusedScale('out', 'g', 'REFUSED_IN_STATE', /refused: .*stopped \(OPS-3\)/);
  await refusedScale('in', 'g', 'REFUSED_IN_STATE', /refused: .*stopped \(OPS-3\)/);
  const update = await sendWithCallbacks(it(), 'PUT', '/deployments/grow', deploymentXml({ min: 2, max: 3 }));
  assert.equal(update.status, 409);
  assert.match(await update.text(), /update of deployment \[grow\] refused: update is not allowed while the service is stopped \(OPS-3\)/);
});
