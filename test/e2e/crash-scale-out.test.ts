/**
 * IMPL-4 with COMP-4: the manager (a child process, `support/seamed-manager.ts`, which takes scale
 * requests on stdin as the rule engine would ask them) is SIGKILLed in the middle of a scale-out and
 * restarted on the same data folder and ports; the embedded emulator keeps its state on disk.
 * 1. Killed while the new server builds (after VM_SCALE_OUT_INIT): after the restart the scale-out
 *    completes once — one new server, VM_SCALE_OUT_COMPLETE SUCCESS once.
 * 2. Killed while a scale-out whose server failed is tearing it down: after the restart it fails
 *    cleanly — the server, its port and its record gone, VM_SCALE_OUT_COMPLETE FAILURE once.
 * Each time the VM records, the servers and the ports match what the events say, and an undeploy
 * leaves nothing on the VIM.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { completionOf, eventsOf, sendWithCallbacks, shortVm } from '../support/callbacks.ts';
import { ChildManager } from '../support/child-manager.ts';
import { eventually } from '../support/manager.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';

const vnfm = await ChildManager.create({ entry: fileURLToPath(new URL('../support/seamed-manager.ts', import.meta.url)) });
const receiver = await HttpReceiver.start();
let passed = false;

after(async () => {
  await vnfm.dispose(passed);
  await receiver.close();
});

const it = { api: vnfm.api, receiver };
const xml = oneVmDeployment({ tenant: 'acme', name: 'grow', bootupSecs: 30 }).replace('<max_active>1</max_active>', '<max_active>3</max_active>');

/** Sends a scale-out to the child; its operation id. */
async function scaleOut(): Promise<string> {
  const notify = { completionUrl: receiver.url('/done'), eventsUrl: receiver.url('/events'), format: 'json' };
  const seen = vnfm.output.length;
  vnfm.send({ scale: { deploymentName: 'grow', group: 'g', direction: 'out', reason: 'crash test', notify } });
  return eventually(() => /scale (accepted|refused) (.+)/.exec(vnfm.output.slice(seen))?.slice(1), 10_000, 'the scale answer').then(([how, what]) => {
    assert.equal(how, 'accepted', what);
    return what!;
  });
}

const typesOf = (txn: string) => eventsOf(receiver, txn).map((e) => `${shortVm(e.vm ?? '')} ${e.type} ${e.status}`);

/** VM records, servers and ports of the deployment agree with each other; returns the count. */
async function consistentVmCount(): Promise<number> {
  const opdata = await (await fetch(`${vnfm.api}/deployments/grow`, { headers: { accept: 'application/json' } })).text();
  const records = new Set(opdata.match(/grow_g_\d+_[0-9a-f-]{36}/g) ?? []).size;
  const cloud = await vnfm.cloud();
  const servers = cloud.servers.filter((s) => s.name.startsWith('grow_g_'));
  assert.equal(servers.length, records, `servers ${servers.map((s) => `${s.name} ${s.status}`).join(', ')}`);
  assert.ok(servers.every((s) => s.status === 'ACTIVE'), JSON.stringify(servers));
  assert.equal(cloud.ports.length, records, 'one port per VM, none leaked');
  return records;
}

test('IMPL-4/COMP-4 SIGKILL during a scale-out: after a restart it completes once, or a failed one is torn down', { timeout: 90_000 }, async () => {
  await vnfm.start();
  const deploy = await sendWithCallbacks(it, 'POST', '/deployments/grow', xml);
  assert.equal(deploy.status, 201, await deploy.clone().text());
  assert.equal((await completionOf(receiver, deploy.headers.get('esc-transaction-id')!)).headers['esc-status-code'], '200');

  // 1. Killed while the new server builds.
  await vnfm.setDurations({ serverBuild: 1500 });
  const grow = await scaleOut();
  await eventually(() => (typesOf(grow).includes('g_1 VM_SCALE_OUT_INIT SUCCESS') ? true : undefined), 10_000, 'VM_SCALE_OUT_INIT');
  await eventually(async () => ((await vnfm.cloud()).servers.some((s) => s.name.startsWith('grow_g_1_') && s.status === 'BUILD') ? true : undefined), 10_000, 'the new server in BUILD');
  await vnfm.kill();
  assert.ok(!typesOf(grow).some((t) => t.includes('COMPLETE')), 'killed before the end');
  await vnfm.start();
  assert.equal((await completionOf(receiver, grow)).headers['esc-status-code'], '200');
  await eventually(() => (typesOf(grow).length === 4 ? true : undefined), 10_000, 'every event of the scale-out');
  assert.deepEqual(typesOf(grow), ['g_1 VM_SCALE_OUT_INIT SUCCESS', 'g_1 VM_SCALE_OUT_DEPLOYED SUCCESS', 'g_1 VM_ALIVE SUCCESS', 'g_1 VM_SCALE_OUT_COMPLETE SUCCESS']);
  assert.equal(await consistentVmCount(), 2);

  // 2. A scale-out whose server fails, killed while tearing it down.
  await vnfm.setDurations({ serverDelete: 1500 });
  const faults = await fetch(`${vnfm.emulator}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [{ fail: { resource: 'server', name: '^grow_g_2_' } }] }) });
  assert.equal(faults.status, 200);
  const failing = await scaleOut();
  await eventually(async () => ((await vnfm.cloud()).servers.some((s) => s.name.startsWith('grow_g_2_') && (s as { taskState?: string }).taskState === 'deleting') ? true : undefined), 15_000, 'the failed server being deleted');
  await vnfm.kill();
  assert.ok(!typesOf(failing).some((t) => t.includes('COMPLETE')), 'killed before the end');
  await vnfm.start();
  const done = await completionOf(receiver, failing);
  assert.equal(done.headers['esc-status-code'], '500');
  assert.match(String(done.headers['esc-status-message']), /^VM scaled out failed: VM \[grow_g_2_.+\] did not come up and was removed/);
  await eventually(() => (typesOf(failing).length === 4 ? true : undefined), 10_000, 'every event of the failed scale-out');
  assert.deepEqual(typesOf(failing), ['g_2 VM_SCALE_OUT_INIT SUCCESS', 'g_2 VM_SCALE_OUT_DEPLOYED FAILURE', 'g_2 VM_UNDEPLOYED SUCCESS', 'g_2 VM_SCALE_OUT_COMPLETE FAILURE']);
  assert.equal(await consistentVmCount(), 2);

  const undeploy = await sendWithCallbacks(it, 'DELETE', '/deployments/grow', '');
  assert.equal((await completionOf(receiver, undeploy.headers.get('esc-transaction-id')!)).headers['esc-status-code'], '200');
  const left = await vnfm.cloud();
  assert.deepEqual([left.servers.length, left.ports.length, left.volumes.length], [0, 0, 0]);
  passed = true;
});
