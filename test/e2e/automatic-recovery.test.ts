/**
 * IMPL-2 automatic recovery after VM_ALIVE and drift (issue 12 items 6, 9) with the real manager, its
 * monitor and the emulator: a guest made to stop answering, or a server deleted behind the manager's
 * back, is seen by the monitor's batched poll and handed to the rule engine; the recovery runs
 * through the manual recovery's engine call with the exact VM_RECOVERY_* sequence; a guest that
 * answers again within `recovery_wait_time` is not recovered. Rules are checked at request time:
 * bad ones are 400 naming them, and change nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Manager } from '../../src/app/manager.ts';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { completionOf } from '../support/callbacks.ts';
import { livenessKpi } from '../support/liveness-kpi.ts';
import { cloudState, eventually, storeSnapshot, useManagerAndReceiver } from '../support/manager.ts';
import { monitorLog } from '../support/monitor-log.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

const seen = monitorLog();

useManagerAndReceiver((it) => {
  ({ manager, receiver, api } = it);
  manager.emulator!.admin.setDurations({ serverReboot: 100 });
}, { logger: seen.logger });

const deployment = (name: string, actions: string[], waitSecs = 0) => `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>acme</name><deployments><deployment>
  <name>${name}</name>
  <vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor>
    <bootup_time>1</bootup_time><recovery_wait_time>${waitSecs}</recovery_wait_time>
    <recovery_policy><action_on_recovery>REBOOT_THEN_REDEPLOY</action_on_recovery><max_retries>1</max_retries></recovery_policy>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>1</min_active><max_active>1</max_active></scaling>
    ${livenessKpi({ pollSecs: 1, actions })}
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;

const liveness = ['ALWAYS log', 'TRUE esc_vm_alive_notification', 'FALSE recover autohealing'];

function deploy(name: string, actions: string[], waitSecs?: number): Promise<Response> {
  return fetch(`${api}/deployments/${name}`, { method: 'POST', body: deployment(name, actions, waitSecs), headers: { 'content-type': 'application/xml', callback: receiver.url('/done') } });
}

async function theVm(name = 'auto') {
  const view = await manager.engine.getDeployment(name);
  return { view, vm: view.vms[0]! };
}

/** The VM's events after `afterSeq`, as `TYPE STATUS`, once `last` has arrived. */
async function eventsUntil(vmName: string, afterSeq: number, last: string): Promise<string[]> {
  return eventually(async () => {
    const events = (await manager.store.listEvents({ vmName, afterSeq })).map((e) => `${e.type} ${e.status}`);
    return events.includes(last) ? events : undefined;
  }, 15_000, last);
}

async function deployed(name: string, waitSecs?: number): Promise<void> {
  const res = await deploy(name, liveness, waitSecs);
  assert.equal(res.status, 201, await res.clone().text());
  assert.equal((await completionOf(receiver, res.headers.get('esc-transaction-id')!)).headers['esc-status-code'], '200');
  await manager.engine.runner.idle();
}

test('setup: a deployment whose VM_ALIVE rule recovers automatically is active and watched', async () => {
  await deployed('auto');
  await seen.until('VM_ALIVE TRUE 1', 0);
});

test('IMPL-2 a VM failing after VM_ALIVE: reboot, still failing, redeploy on the same port, recovered — the exact sequence, the KPI as the reason', async () => {
  const { view, vm } = await theVm();
  const ports = cloudState(manager).ports.map((p) => p.id);
  const from = await manager.store.lastEventSeq();
  manager.emulator!.admin.setGuest({ serverId: vm.serverId!, mode: 'never-boots' });
  const events = await eventsUntil(vm.name, from, 'VM_RECOVERY_COMPLETE SUCCESS');
  assert.deepEqual(events, ['VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_REBOOT SUCCESS', 'VM_RECOVERY_UNDEPLOYED SUCCESS', 'VM_RECOVERY_DEPLOYED SUCCESS', 'VM_RECOVERY_COMPLETE SUCCESS']);
  const init = (await manager.store.listEvents({ vmName: vm.name, afterSeq: from }))[0]!;
  assert.match(init.statusMessage, /^Recovery event for VM \[.+\] triggered \(KPI VM_ALIVE FALSE, value 0, threshold GT 1\)\. Processing Auto healing\./);
  await manager.engine.runner.idle();
  await manager.outcomes.idle();
  const after = (await theVm()).vm;
  assert.equal(after.state, 'VM_ALIVE_STATE');
  assert.notEqual(after.serverId, vm.serverId);
  assert.deepEqual(cloudState(manager).ports.map((p) => p.id), ports, 'the redeploy keeps the port');
  assert.deepEqual(cloudState(manager).servers.map((s) => s.id), [after.serverId]);
  assert.equal((await manager.store.listOperations({ deploymentId: view.deployment.id })).filter((o) => o.kind === 'vm.recover').length, 1, 'one recovery');
});

test('issue 12 item 9: a server deleted behind the manager\'s back: VM_DRIFT_DETECTED, then recovered by a redeploy', async () => {
  const { view, vm } = await theVm();
  const from = await manager.store.lastEventSeq();
  await manager.vim.deleteServer({ projectId: view.tenant.vimProjectId }, vm.serverId!);
  const events = await eventsUntil(vm.name, from, 'VM_RECOVERY_COMPLETE SUCCESS');
  // The hard reboot of a server that is gone fails at once: no VM_RECOVERY_REBOOT, the redeploy follows.
  assert.deepEqual(events, ['VM_DRIFT_DETECTED SUCCESS', 'VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_UNDEPLOYED SUCCESS', 'VM_RECOVERY_DEPLOYED SUCCESS', 'VM_RECOVERY_COMPLETE SUCCESS']);
  await manager.engine.runner.idle();
  const after = (await theVm()).vm;
  assert.equal(after.state, 'VM_ALIVE_STATE');
  assert.deepEqual(cloudState(manager).servers.map((s) => [s.id, s.status]), [[after.serverId, 'ACTIVE']]);
});

test('IMPL-2 a guest that answers again within recovery_wait_time is not recovered: VM_ALIVE is announced', async () => {
  await deployed('again', 30);
  const { vm } = await theVm('again');
  const from = await manager.store.lastEventSeq();
  const at = seen.lines.length;
  manager.emulator!.admin.setGuest({ serverId: vm.serverId!, mode: 'stops-answering' });
  await seen.until('VM_ALIVE FALSE 0', at);
  manager.emulator!.admin.setGuest({ serverId: vm.serverId!, mode: 'ok' });
  await eventually(async () => ((await manager.store.listEvents({ vmName: vm.name, afterSeq: from })).length > 0 ? true : undefined), 15_000, 'VM_ALIVE');
  await manager.outcomes.idle();
  const events = await manager.store.listEvents({ vmName: vm.name, afterSeq: from });
  assert.deepEqual(events.map((e) => `${e.type} ${e.status}: ${e.statusMessage}`), [`VM_ALIVE SUCCESS: VM_Alive event received, VM ID: [${vm.serverId}]`]);
  assert.equal((await manager.store.listOperations({})).filter((o) => o.kind === 'vm.recover' && o.deploymentName === 'again').length, 0, 'no recovery');
});

test('IMPL-2 bad rules at request time: 400 naming the rule, nothing changed', async () => {
  const before = await storeSnapshot(manager);
  const cases: [string[], RegExp][] = [
    [['SOMETIMES log'], /vm_group \[g\] admin_rules rule \[VM_ALIVE\]: action \[SOMETIMES log\] does not start with ALWAYS, TRUE or FALSE/],
    [['FALSE recover quickly'], /action \[FALSE recover quickly\] is not an action this manager knows/],
    [['TRUE ../../bin/sh'], /action \[TRUE \.\.\/\.\.\/bin\/sh\] names a script by a path/],
    [['TRUE booted.sh'], /script action \[booted.sh\] needs monitor.scripts.dir, which is not set/],
  ];
  for (const [actions, message] of cases) {
    const res = await deploy('bad-rules', actions);
    assert.equal(res.status, 400, actions.join());
    assert.match(await res.text(), message);
  }
  assert.equal(await storeSnapshot(manager), before);
});
