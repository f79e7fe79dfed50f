/**
 * Issue 12 on the real OpenStack ("Done when"), with VNFM_LIVENESS=vim: one elastic group under a
 * loose anti-affinity server group, a static IP pool on the rig's shared network and a liveness
 * KPI whose rule recovers. Each step is checked on the real Nova and Neutron:
 * - COMP-3: the first pool address is the fixed IP of the VM's real Neutron port;
 * - item 9 (drift) and IMPL-2: a server deleted straight on Nova is seen by the monitor's batched
 *   poll and redeployed by the recovery policy (VM_DRIFT_DETECTED, VM_RECOVERY_INIT … _COMPLETE),
 *   on the same port and address, back in the server group;
 * - COMP-4: `min_active` raised by a service update adds a VM (VM_DEPLOYED, VM_ALIVE,
 *   SERVICE_UPDATED) holding the next pool address; lowered, it removes nothing (the [I] of
 *   docs/esc-inferences.md) but lets a scale-in remove the newest VM, whose address a scale-out
 *   then takes again;
 * - the undeploy leaves no server, port, volume or server group in the project.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { shortVm } from '../support/callbacks.ts';
import { livenessKpi } from '../support/liveness-kpi.ts';
import { rawCloud } from './cloud.ts';
import { counts, onceASecond, onRig, RealSession } from './real-manager.ts';
import { readOpenrc, reportRigAbsent, rigAvailable } from './rig.ts';

const tenant = `ovnfm-mon-${randomBytes(3).toString('hex')}`;
const name = 'watched';

/** The pool: three addresses of the rig's `subnet1` no port holds now, drawn at random (other suites share the network). */
interface Pool {
  addresses: string[];
  gateway: string;
}

const deploymentXml = (pool: Pool, minActive: number) =>
  onRig(`<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>${tenant}</name><deployments><deployment>
  <name>${name}</name>
  <vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor>
    <bootup_time>60</bootup_time><recovery_wait_time>0</recovery_wait_time>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>${minActive}</min_active><max_active>3</max_active>
      <static_ip_address_pool><network>private</network><gateway>${pool.gateway}</gateway><netmask>255.255.255.0</netmask>
        ${pool.addresses.map((a) => `<ip_address>${a}</ip_address>`).join('')}
      </static_ip_address_pool>
    </scaling>
    <placement><type>anti_affinity</type><enforcement>loose</enforcement></placement>
    ${livenessKpi({ pollSecs: 2, actions: ['FALSE recover autohealing'] })}
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`);

if (!rigAvailable) reportRigAbsent('issue 12 monitoring, recovery, pools and scaling on the real OpenStack rig');
else {
  let s: RealSession;
  let pool: Pool;
  let projectId: string | undefined;

  before(async () => {
    s = await RealSession.start(await rawCloud(), { env: { ...readOpenrc(), VNFM_LIVENESS: 'vim' } });
    pool = await freeAddresses(3);
  });
  after(() => s?.close(tenant));

  async function freeAddresses(n: number): Promise<Pool> {
    const neutron = `${s.admin.endpoint('network')}/v2.0`;
    const subnet = (await s.admin.call('GET', `${neutron}/subnets?name=subnet1`)).body.subnets[0] as { network_id: string; cidr: string; gateway_ip: string };
    assert.equal(subnet.cidr, '192.0.2.0/24', 'the rig\u2019s subnet1');
    const ports = (await s.admin.call('GET', `${neutron}/ports?network_id=${subnet.network_id}`)).body.ports as { fixed_ips: { ip_address: string }[] }[];
    const held = new Set([subnet.gateway_ip, ...ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address))]);
    const addresses = new Set<string>();
    while (addresses.size < n) {
      const a = `192.0.2.${randomInt(100, 250)}`;
      if (!held.has(a)) addresses.add(a);
    }
    return { addresses: [...addresses], gateway: subnet.gateway_ip };
  }

  /** Each VM of the group by index: its server on Nova, and the fixed IP of its port on Neutron. */
  async function vmsOnCloud(): Promise<{ vm: string; serverId: string; portId: string; ip: string | undefined; status: string | undefined }[]> {
    const [view, cloud] = await Promise.all([s.manager.engine.getDeployment(name), s.inProject(projectId!)]);
    return view.vms
      .sort((a, b) => a.index - b.index)
      .map((vm) => {
        const portId = vm.interfaces[0]!.portId!;
        const port = cloud.ports.find((p) => p.id === portId);
        return { vm: shortVm(vm.name), serverId: vm.serverId!, portId, ip: port?.fixed_ips[0]?.ip_address, status: cloud.servers.find((v) => v.id === vm.serverId)?.status };
      });
  }

  /** Every server of the project is a member of the deployment's one server group. */
  async function inTheServerGroup(): Promise<void> {
    const [groups, cloud] = await Promise.all([s.serverGroupsOf(projectId!), s.inProject(projectId!)]);
    assert.equal(groups.length, 1, JSON.stringify(groups));
    assert.deepEqual([...groups[0]!.members].sort(), cloud.servers.map((v) => v.id).sort());
  }

  const sequence = (events: { type: string; status: string; vm?: string }[]) => events.map((e) => `${e.vm ? `${shortVm(e.vm)} ` : ''}${e.type} ${e.status}`);

  test('COMP-3 deploy: the first pool address is the fixed IP of the VM\u2019s real Neutron port', async () => {
    const { done } = await s.run('POST', `/deployments/${name}`, 201, deploymentXml(pool, 1));
    assert.equal(done.headers['esc-status-code'], '200', done.body);
    projectId = await s.projectOf(tenant);
    assert.ok(projectId, `Keystone project ${tenant} exists`);
    const [vm] = await vmsOnCloud();
    assert.deepEqual([vm?.ip, vm?.status], [pool.addresses[0], 'ACTIVE']);
    await inTheServerGroup();
  });

  test('issue 12 item 9: a server deleted straight on Nova is redeployed by the recovery policy, on its port and address, in its server group', async () => {
    assert.ok(projectId, 'deployed');
    const [before] = await vmsOnCloud();
    const vm = (await s.manager.engine.getDeployment(name)).vms[0]!;
    const from = await s.manager.store.lastEventSeq();
    const deleted = await s.admin.call('DELETE', `${s.admin.endpoint('compute')}/servers/${before!.serverId}`);
    assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
    const events = await onceASecond(
      async () => {
        const seen = (await s.manager.store.listEvents({ vmName: vm.name, afterSeq: from })).map((e) => `${e.type} ${e.status}`);
        return seen.includes('VM_RECOVERY_COMPLETE SUCCESS') || seen.some((e) => e.endsWith('FAILURE')) ? seen : undefined;
      },
      300_000,
      'the recovery of the deleted server',
    );
    // The hard reboot of a server that is gone fails at once: no VM_RECOVERY_REBOOT (esc-inferences.md, drift).
    assert.deepEqual(events, ['VM_DRIFT_DETECTED SUCCESS', 'VM_RECOVERY_INIT SUCCESS', 'VM_RECOVERY_UNDEPLOYED SUCCESS', 'VM_RECOVERY_DEPLOYED SUCCESS', 'VM_RECOVERY_COMPLETE SUCCESS']);
    await s.manager.engine.runner.idle();
    const [after] = await vmsOnCloud();
    assert.notEqual(after!.serverId, before!.serverId, 'a new server');
    assert.deepEqual([after!.portId, after!.ip, after!.status], [before!.portId, pool.addresses[0], 'ACTIVE'], 'the same port and address');
    assert.equal((await s.manager.engine.getDeployment(name)).vms[0]!.state, 'VM_ALIVE_STATE');
    assert.equal((await s.inProject(projectId)).servers.length, 1, 'the deleted server is gone, one server in its place');
    await inTheServerGroup();
  });

  test('COMP-4 min_active raised by a service update: g_1 VM_DEPLOYED, VM_ALIVE, then SERVICE_UPDATED (g_0 unchanged: no VM_UPDATED); g_1 holds the next pool address', async () => {
    assert.ok(projectId, 'deployed');
    const { done, events } = await s.run('PUT', `/deployments/${name}`, 200, deploymentXml(pool, 2));
    assert.equal(done.headers['esc-status-code'], '200', done.body);
    // A scaling change changes no VM already there (update-rules.ts, column `vmUpdated`).
    assert.deepEqual(sequence(events), ['g_1 VM_DEPLOYED SUCCESS', 'g_1 VM_ALIVE SUCCESS', 'SERVICE_UPDATED SUCCESS']);
    assert.deepEqual((await vmsOnCloud()).map((v) => [v.vm, v.ip, v.status]), [['g_0', pool.addresses[0], 'ACTIVE'], ['g_1', pool.addresses[1], 'ACTIVE']]);
    await inTheServerGroup();
  });

  test('COMP-4 min_active lowered: no VM removed; a scale-in then removes g_1 from Nova and Neutron, and a scale-out takes its address again', async () => {
    assert.ok(projectId, 'deployed');
    const lowered = await s.run('PUT', `/deployments/${name}`, 200, deploymentXml(pool, 1));
    assert.equal(lowered.done.headers['esc-status-code'], '200', lowered.done.body);
    assert.deepEqual(sequence(lowered.events), ['SERVICE_UPDATED SUCCESS']);
    assert.equal((await s.inProject(projectId)).servers.length, 2);

    const scaledIn = await s.scale(name, 'g', 'in');
    assert.equal(scaledIn.done.headers['esc-status-code'], '200', scaledIn.done.body);
    assert.deepEqual(sequence(scaledIn.events), ['g_1 VM_SCALE_IN_INIT SUCCESS', 'g_1 VM_UNDEPLOYED SUCCESS', 'g_1 VM_SCALE_IN_COMPLETE SUCCESS']);
    assert.deepEqual((await vmsOnCloud()).map((v) => [v.vm, v.ip]), [['g_0', pool.addresses[0]]]);
    const cloud = await s.inProject(projectId);
    assert.deepEqual([cloud.servers.length, cloud.ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address))], [1, [pool.addresses[0]]], 'g_1\u2019s server and port are gone');

    const scaledOut = await s.scale(name, 'g', 'out');
    assert.equal(scaledOut.done.headers['esc-status-code'], '200', scaledOut.done.body);
    assert.deepEqual(sequence(scaledOut.events), ['g_1 VM_SCALE_OUT_INIT SUCCESS', 'g_1 VM_SCALE_OUT_DEPLOYED SUCCESS', 'g_1 VM_ALIVE SUCCESS', 'g_1 VM_SCALE_OUT_COMPLETE SUCCESS']);
    assert.deepEqual((await vmsOnCloud()).map((v) => [v.vm, v.ip, v.status]), [['g_0', pool.addresses[0], 'ACTIVE'], ['g_1', pool.addresses[1], 'ACTIVE']], 'the returned address, handed out again first');
    await inTheServerGroup();
  });

  test('COMP-1 COMP-3 the undeploy leaves no server, port, volume or server group in the project', async () => {
    assert.ok(projectId, 'deployed');
    const { done } = await s.run('DELETE', `/deployments/${name}`, 200);
    assert.equal(done.headers['esc-status-code'], '200', done.body);
    const left = await s.inProject(projectId);
    assert.deepEqual(counts(left), { servers: 0, ports: 0, volumes: 0, networks: 0 }, JSON.stringify(left));
    assert.deepEqual(await s.serverGroupsOf(projectId), []);
  });
}
