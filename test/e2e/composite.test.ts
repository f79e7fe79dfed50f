/**
 * COMP-1 composite VNFs over real HTTP against the embedded emulator (esc-interface.md §6.5):
 *
 * Order: a chain a ← b ← c (b starts after a is alive, c after b) and a group `x` depending on
 * nothing. Deploy and start follow the chain, stop and undeploy go the other way; `a` and `x` are
 * built at the same time (both servers seen building at once while the emulator holds their
 * builds), and `b` is not begun before `a` is alive.
 *
 * Placement, on the emulator's two compute hosts (emu-compute-1, emu-compute-2): a group's
 * anti-affinity spreads its VMs over both, affinity between two groups (a deployment-level policy)
 * keeps theirs on one host, `zone_host` names the host; each policy is one Nova server group made
 * before the VMs and deleted on undeploy. A redeploy by recovery lands in the same group. A strict
 * policy no host can meet fails the deploy with Nova's NoValidHost, and the undeploy that follows
 * leaves nothing, its server group neither.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import { runToCompletion, sendWithCallbacks, shortVm, type ReceivedEvent } from '../support/callbacks.ts';
import { cloudState, eventually, useManagerAndReceiver } from '../support/manager.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it));

const group = (name: string, count = 1, placement = '', recovery = '') => `
    <vm_group><name>${name}</name><image>cirros</image><flavor>m1.tiny</flavor>
      <bootup_time>60</bootup_time><recovery_wait_time>0</recovery_wait_time>${recovery}
      <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
      <scaling><min_active>${count}</min_active><max_active>${count}</max_active></scaling>${placement}
    </vm_group>`;
const deployment = (name: string, body: string) => `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>acme</name><deployments>
  <deployment><name>${name}</name>${body}
  </deployment></deployments></tenant></tenants></esc_datamodel>`;
const send = (method: string, path: string, body = '') => sendWithCallbacks({ api, receiver }, method, path, body);

// ---------------------------------------------------------------- order

const startup = (target: string, on: string) => `<startup><target_vm_group_ref>${target}</target_vm_group_ref><depends_on><vm_group_ref>${on}</vm_group_ref></depends_on></startup>`;
const chain = deployment('chain', `${group('c')}${group('b')}${group('a')}${group('x')}
    <policies>${startup('b', 'a')}${startup('c', 'b')}</policies>`);

const service = (op: string) =>
  send('POST', '/acme/deployments/service/chain', `<service_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>${op}</operation></service_operation>`);

/** The groups in the order their VMs raised `type` (one VM per group). */
const orderOf = (events: ReceivedEvent[], type: string) => events.filter((e) => e.type === type && e.vm).map((e) => shortVm(e.vm!).replace(/_0$/, ''));
const chainOnly = (groups: string[]) => groups.filter((g) => g !== 'x');
const building = (prefix: string) => cloudState(manager).servers.filter((s) => s.status === 'BUILD' && s.name.startsWith(prefix));

test('COMP-1 deploy: a and x are built at once, b only after a is alive, c after b', async () => {
  manager.emulator!.admin.setFaults({ rules: [{ stuck: { resource: 'server', status: 'BUILD', name: '^chain_(a|x)_' } }] });
  const res = await send('POST', '/deployments/chain', chain);
  assert.equal(res.status, 201, await res.clone().text());
  await eventually(() => (building('chain_a_').length === 1 && building('chain_x_').length === 1 ? true : undefined), 10_000, 'a and x building together');
  assert.equal(cloudState(manager).servers.filter((s) => /^chain_[bc]_/.test(s.name)).length, 0, 'b and c wait for a');
  manager.emulator!.admin.setFaults({ rules: [] });
  const { code, events } = await runToCompletion({ manager, receiver }, res, 201);
  assert.equal(code, '200');
  assert.deepEqual(chainOnly(orderOf(events, 'VM_ALIVE')), ['a', 'b', 'c']);
  const deployedB = events.findIndex((e) => e.type === 'VM_DEPLOYED' && shortVm(e.vm ?? '') === 'b_0');
  const aliveA = events.findIndex((e) => e.type === 'VM_ALIVE' && shortVm(e.vm ?? '') === 'a_0');
  assert.ok(aliveA < deployedB, 'b is deployed only after a is alive');
});

test('COMP-1 stop goes against the chain: c, b, a', async () => {
  const { code, events } = await runToCompletion({ manager, receiver }, await service('stop'));
  assert.equal(code, '200');
  assert.deepEqual(chainOnly(orderOf(events, 'VM_STOPPED')), ['c', 'b', 'a']);
});

test('COMP-1 start follows the chain: a, b, c', async () => {
  const { code, events } = await runToCompletion({ manager, receiver }, await service('start'));
  assert.equal(code, '200');
  assert.deepEqual(chainOnly(orderOf(events, 'VM_ALIVE')), ['a', 'b', 'c']);
});

test('COMP-1 undeploy goes against the chain: c, b, a; nothing is left', async () => {
  const { code, events } = await runToCompletion({ manager, receiver }, await send('DELETE', '/deployments/chain'));
  assert.equal(code, '200');
  assert.deepEqual(chainOnly(orderOf(events, 'VM_UNDEPLOYED')), ['c', 'b', 'a']);
  assert.deepEqual(cloudState(manager).servers, []);
});

// ---------------------------------------------------------------- placement

const place = (type: string, more = '') => `<placement><type>${type}</type>${more}</placement>`;
const manualRedeploy = '<recovery_policy><recovery_type>MANUAL</recovery_type><action_on_recovery>REDEPLOY_ONLY</action_on_recovery></recovery_policy>';

const spread = deployment(
  'spread',
  group('apart', 2, place('anti_affinity', '<enforcement>strict</enforcement>'), manualRedeploy) +
    group('lb', 1) +
    group('app', 1) +
    group('pinned', 1, place('zone_host', '<host>emu-compute-2</host>')) +
    `<policies><placement><target_vm_group_ref>app</target_vm_group_ref><type>affinity</type><enforcement>strict</enforcement>
      <vm_group_ref>lb</vm_group_ref></placement></policies>`,
);


/** The emulator's servers of deployment `name`, by short VM name (`apart_0`). */
async function placed(name: string): Promise<Record<string, { host?: string; group: string | null; id: string }>> {
  const vms = (await manager.engine.getDeployment(name)).vms;
  const servers = cloudState(manager).servers;
  return Object.fromEntries(
    vms.map((vm) => {
      const s = servers.find((x) => x.id === vm.serverId)!;
      return [shortVm(vm.name), { host: s.host, group: s.serverGroupId, id: s.id }];
    }),
  );
}

test('COMP-1 anti-affinity spreads a group over both hosts, affinity between groups keeps them together, zone_host names the host', async () => {
  const { code } = await runToCompletion({ manager, receiver }, await send('POST', '/deployments/spread', spread), 201);
  assert.equal(code, '200');
  const at = await placed('spread');
  assert.notEqual(at.apart_0!.host, at.apart_1!.host);
  assert.equal(at.app_0!.host, at.lb_0!.host);
  assert.equal(at.pinned_0!.host, 'emu-compute-2');
  const groups = cloudState(manager).serverGroups;
  assert.deepEqual(groups.map((g) => g.policy).sort(), ['affinity', 'anti-affinity']);
  const apart = groups.find((g) => g.policy === 'anti-affinity')!;
  assert.deepEqual([...apart.members].sort(), [at.apart_0!.id, at.apart_1!.id].sort());
  assert.equal(at.app_0!.group, at.lb_0!.group);
  assert.equal(at.pinned_0!.group, null);
  const record = (await manager.store.getDeploymentByName('spread'))!;
  assert.deepEqual(record.serverGroups?.map((g) => g.serverGroupId).sort(), groups.map((g) => g.id).sort());
});

test('COMP-1 IMPL-2 a VM redeployed by recovery goes back into its server group, on the host its policy leaves', async () => {
  const before = await placed('spread');
  const vm = (await manager.engine.getDeployment('spread')).vms.find((v) => shortVm(v.name) === 'apart_0')!;
  const { code } = await runToCompletion({ manager, receiver }, await send('POST', `/acme/deployments/recovery/${vm.name}`, '<recovery_vm_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>DO</operation></recovery_vm_operation>'));
  assert.equal(code, '200');
  const after = await placed('spread');
  assert.notEqual(after.apart_0!.id, before.apart_0!.id);
  assert.equal(after.apart_0!.group, before.apart_0!.group);
  assert.notEqual(after.apart_0!.host, after.apart_1!.host);
});

test('COMP-1 undeploy deletes the server groups after the VMs', async () => {
  const { code } = await runToCompletion({ manager, receiver }, await send('DELETE', '/deployments/spread'));
  assert.equal(code, '200');
  assert.deepEqual(cloudState(manager).servers, []);
  assert.deepEqual(cloudState(manager).serverGroups, []);
});

test('COMP-1 a strict anti-affinity no host can meet fails the deploy with NoValidHost; its undeploy leaves nothing', async () => {
  const crowded = deployment('crowded', group('apart', 3, place('anti_affinity')));
  const deploy = await runToCompletion({ manager, receiver }, await send('POST', '/deployments/crowded', crowded), 201);
  assert.notEqual(deploy.code, '200');
  const failure = deploy.events.find((e) => e.type === 'VM_DEPLOYED' && e.status === 'FAILURE');
  assert.match(failure?.message ?? '', /No valid host was found\. There are not enough hosts available\./);
  assert.equal(cloudState(manager).servers.filter((s) => s.status === 'ACTIVE').length, 2);
  const undeploy = await runToCompletion({ manager, receiver }, await send('DELETE', '/deployments/crowded'));
  assert.equal(undeploy.code, '200');
  assert.deepEqual(cloudState(manager).servers, []);
  assert.deepEqual(cloudState(manager).serverGroups, []);
});
