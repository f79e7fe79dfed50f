/**
 * IMPL-3 end to end on the real cloud: the manager started with the rig's standard OS_* variables
 * (no emulator) and VNFM_LIVENESS=vim deploys a 2-group deployment into a tenant of its own (a
 * Keystone project it creates), stops, starts and reboots it (OPS-2..4) and undeploys it; each
 * step is checked on the real Nova/Neutron/Cinder, and nothing of the deployment may be left
 * behind. Before the undeploy the manager's tokens are revoked on the real Keystone (its user is
 * disabled and re-enabled), so the undeploy passes only if the manager re-authenticates after the 401.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { completionOf } from '../support/callbacks.ts';
import { eventually } from '../support/manager.ts';
import { rawCloud, type RawCloud } from './cloud.ts';
import { counts, realDeploymentXml, RealSession, serviceOperation } from './real-manager.ts';
import { readOpenrc, reportRigAbsent, rigAvailable } from './rig.ts';

const suffix = randomBytes(3).toString('hex');
const tenant = `ovnfm-e2e-${suffix}`;
const deployment = 'shop';

if (!rigAvailable) reportRigAbsent('IMPL-3 end to end on the real OpenStack rig');
else {
  let admin: RawCloud;
  let s: RealSession;
  const user = { name: `ovnfm-e2e-${suffix}`, password: randomBytes(9).toString('hex'), id: '' };
  let projectId: string | undefined;

  before(async () => {
    admin = await rawCloud();
    const ks = admin.authUrl;
    const created = await admin.call('POST', `${ks}/users`, { user: { name: user.name, password: user.password, domain_id: 'default' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    user.id = created.body.user.id;
    const project = (await admin.call('GET', `${ks}/projects?name=${readOpenrc().OS_PROJECT_NAME}`)).body.projects[0].id;
    const role = (await admin.call('GET', `${ks}/roles?name=admin`)).body.roles[0].id;
    assert.equal((await admin.call('PUT', `${ks}/projects/${project}/users/${user.id}/roles/${role}`)).status, 204);
    s = await RealSession.start(admin, { env: { ...readOpenrc(), OS_USERNAME: user.name, OS_PASSWORD: user.password, VNFM_LIVENESS: 'vim' } });
  });
  after(async () => {
    await s?.close(tenant);
    if (user.id) await admin.call('DELETE', `${admin.authUrl}/users/${user.id}`);
  });

  /** Disabling a Keystone user revokes every token it holds (a revocation event on the real Keystone). */
  async function revokeManagerTokens(): Promise<void> {
    const url = `${admin.authUrl}/users/${user.id}`;
    const before = await rawCloud({ ...readOpenrc(), OS_USERNAME: user.name, OS_PASSWORD: user.password });
    assert.equal((await admin.call('PATCH', url, { user: { enabled: false } })).status, 200);
    await new Promise((r) => setTimeout(r, 1_100)); // fernet timestamps have 1 s resolution
    assert.equal((await admin.call('PATCH', url, { user: { enabled: true } })).status, 200);
    await new Promise((r) => setTimeout(r, 1_100));
    // The proof that the manager's tokens (issued before, like this one) are now refused.
    const check = await admin.call('GET', `${admin.authUrl}/auth/tokens`, undefined, { 'x-subject-token': before.token });
    assert.equal(check.status, 404, 'a token issued before the revocation is no longer valid');
  }

  const novaStatuses = async () => (await s.inProject(projectId!)).servers.map((v) => v.status);

  test('IMPL-3 deploy into a new Keystone project: 3 ACTIVE servers on the real Nova, the volume in-use', async () => {
    const { done, events } = await s.run('POST', `/deployments/${deployment}`, 201, realDeploymentXml(tenant));
    assert.equal(done.headers['esc-status-code'], '200', done.body);
    const types = events.map((e) => e.type);
    assert.equal(types[0], 'CREATE_TENANT');
    assert.equal(types.at(-1), 'SERVICE_ALIVE');
    assert.equal(types.filter((t) => t === 'VM_ALIVE').length, 3);

    projectId = await s.projectOf(tenant);
    assert.ok(projectId, `Keystone project ${tenant} exists`);
    const cloud = await s.inProject(projectId);
    assert.deepEqual(cloud.servers.map((v) => v.status), ['ACTIVE', 'ACTIVE', 'ACTIVE']);
    assert.ok(cloud.servers.every((v) => v.name.startsWith(`${deployment}_`)), cloud.servers.map((v) => v.name).join());
    assert.deepEqual(cloud.volumes.map((v) => v.status), ['in-use']);
  });

  for (const [op, last, nova] of [
    ['stop', 'SERVICE_STOPPED', 'SHUTOFF'],
    ['start', 'SERVICE_STARTED', 'ACTIVE'],
    ['reboot', 'SERVICE_REBOOTED', 'ACTIVE'],
  ] as const)
    test(`OPS-2..4 service ${op} on the real cloud: completion 200, ${last}, every server ${nova} on Nova`, async () => {
      assert.ok(projectId, 'deployed');
      const { done, events } = await s.run('POST', `/${tenant}/deployments/service/${deployment}`, 200, serviceOperation(op));
      assert.equal(done.headers['esc-status-code'], '200', `${String(done.headers['esc-status-message'])} ${done.body}`);
      assert.deepEqual([events.at(-1)?.type, events.at(-1)?.status], [last, 'SUCCESS'], JSON.stringify(events.map((e) => `${e.type} ${e.status} ${e.message}`)));
      assert.deepEqual(await novaStatuses(), [nova, nova, nova]);
    });

  test('IMPL-3 after its Keystone tokens are revoked the manager re-authenticates: undeploy leaves no server, port or volume', async () => {
    assert.ok(projectId, 'deployed');
    await revokeManagerTokens();
    const { done, events } = await s.run('DELETE', `/deployments/${deployment}`, 200);
    assert.equal(done.headers['esc-status-code'], '200', done.body);
    assert.equal(events.at(-1)?.type, 'SERVICE_UNDEPLOYED');
    const cloud = await s.inProject(projectId);
    assert.deepEqual(counts(cloud), { servers: 0, ports: 0, volumes: 0, networks: 0 }, JSON.stringify(cloud));
  });

  test('IMPL-3 deleting the tenant removes its Keystone project', async () => {
    assert.ok(projectId, 'deployed');
    const res = await s.send('DELETE', `/tenants/${tenant}`);
    assert.ok(res.status === 200 || res.status === 204, `${res.status} ${res.text}`);
    if (res.txn) await completionOf(s.receiver, res.txn, 600_000);
    await eventually(async () => ((await s.projectOf(tenant)) === undefined ? true : undefined), 60_000, `project ${tenant} deleted`);
  });
}
