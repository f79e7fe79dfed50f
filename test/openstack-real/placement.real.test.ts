/**
 * COMP-1 placement on the real OpenStack (issue 12, "Done when"): with the rig's second compute
 * host (osrig-compute-2, started by up.sh), a group of two VMs under strict anti-affinity is
 * deployed by the manager (VNFM_LIVENESS=vim) into a Nova server group of that policy, and Nova
 * places the two servers on different `OS-EXT-SRV-ATTR:host`; the undeploy removes the servers and
 * the server group, and nothing of the deployment is left.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rawCloud } from './cloud.ts';
import { counts, onRig, RealSession } from './real-manager.ts';
import { readOpenrc, reportRigAbsent, rigAvailable } from './rig.ts';

const tenant = `ovnfm-place-${randomBytes(3).toString('hex')}`;
const apart = `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>${tenant}</name><deployments><deployment>
  <name>apart</name>
  <vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor>
    <bootup_time>60</bootup_time><recovery_wait_time>0</recovery_wait_time>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>2</min_active><max_active>2</max_active></scaling>
    <placement><type>anti_affinity</type><enforcement>strict</enforcement></placement>
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;

if (!rigAvailable) reportRigAbsent('COMP-1 placement on the real OpenStack rig');
else {
  let s: RealSession;
  let projectId: string | undefined;
  before(async () => {
    s = await RealSession.start(await rawCloud(), { env: { ...readOpenrc(), VNFM_LIVENESS: 'vim' } });
  });
  after(() => s?.close(tenant));

  const serverGroups = () => s.serverGroupsOf(projectId!);

  test('COMP-1 strict anti-affinity: the two VMs run on different compute hosts, in one server group', async () => {
    const { done } = await s.run('POST', '/deployments/apart', 201, onRig(apart));
    assert.equal(done.headers['esc-status-code'], '200', done.body);
    projectId = await s.projectOf(tenant);
    assert.ok(projectId, `Keystone project ${tenant} exists`);
    const nova = s.admin.endpoint('compute');
    const servers = (await s.admin.call('GET', `${nova}/servers/detail?all_tenants=1&project_id=${projectId}`)).body.servers as { id: string; 'OS-EXT-SRV-ATTR:host': string }[];
    assert.equal(servers.length, 2);
    const hosts = servers.map((v) => v['OS-EXT-SRV-ATTR:host']);
    assert.notEqual(hosts[0], hosts[1], `hosts ${hosts.join(', ')}`);
    const groups = await serverGroups();
    assert.equal(groups.length, 1);
    assert.deepEqual([...groups[0]!.members].sort(), servers.map((v) => v.id).sort());
  });

  test('COMP-1 undeploy leaves no server, port or server group', async () => {
    const { done } = await s.run('DELETE', '/deployments/apart', 200);
    assert.equal(done.headers['esc-status-code'], '200', done.body);
    assert.deepEqual(counts(await s.inProject(projectId!)), { servers: 0, ports: 0, volumes: 0, networks: 0 });
    assert.deepEqual(await serverGroups(), []);
  });
}
