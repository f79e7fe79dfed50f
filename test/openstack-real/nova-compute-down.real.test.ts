/**
 * The real nova-compute stopped during a deploy (IMPL-3, "Real OpenStack in CI"): Nova accepts
 * the server but nothing builds it, so the deploy must fail cleanly at its own timeout
 * (`vim.asyncpoller.server.create.timeout.mins`, shortened here) with a SERVICE_ALIVE FAILURE
 * notification naming that setting. nova-compute is brought back in `after` whatever happens;
 * the undeploy runs once it is up (a delete needs the compute host) and must leave nothing. Nova
 * may leave the server's Cinder attachment behind (volume `reserved`): the undeploy must cope,
 * and a shortened volume.delete timeout keeps a failure here quick.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rawCloud } from './cloud.ts';
import { freezeNovaCompute, type FrozenCompute } from './nova-compute.ts';
import { counts, realDeploymentXml, RealSession } from './real-manager.ts';
import { readOpenrc, reportRigAbsent, rigAvailable } from './rig.ts';

const tenant = `ovnfm-down-${randomBytes(3).toString('hex')}`;
const timeoutSetting = 'vim.asyncpoller.server.create.timeout.mins';

if (!rigAvailable) reportRigAbsent('IMPL-3 nova-compute down during a deploy on the real OpenStack rig');
else {
  let s: RealSession;
  let frozen: FrozenCompute | undefined;
  let undeploy: Awaited<ReturnType<RealSession['run']>> | undefined;
  before(async () => {
    s = await RealSession.start(await rawCloud(), { env: { ...readOpenrc(), VNFM_LIVENESS: 'vim' }, settings: { [timeoutSetting]: '0.5', 'vim.asyncpoller.volume.delete.timeout.mins': '1' } });
  });
  after(async () => {
    await frozen?.resume();
    await s?.close(tenant);
  });

  test(`IMPL-3 nova-compute stopped: the deploy fails at ${timeoutSetting} with SERVICE_ALIVE FAILURE`, async () => {
    frozen = freezeNovaCompute(s.admin);
    const started = Date.now();
    const { done, events } = await s.run('POST', '/deployments/shop', 201, realDeploymentXml(tenant));
    assert.notEqual(done.headers['esc-status-code'], '200', 'the deploy fails');
    const alive = events.find((e) => e.type === 'SERVICE_ALIVE');
    assert.equal(alive?.status, 'FAILURE', JSON.stringify(events.map((e) => `${e.type} ${e.status} ${e.message}`)));
    assert.match(alive.message, new RegExp(`timed out .*\\(${timeoutSetting.replaceAll('.', '\\.')}=0\\.5\\)`));
    assert.ok(Date.now() - started < 300_000, 'it failed at its timeout, not at some later one');
    const project = await s.projectOf(tenant);
    assert.ok(project, `Keystone project ${tenant} exists`);
    const building = (await s.inProject(project)).servers;
    assert.ok(building.every((v) => v.status === 'BUILD'), `the half-made server is still being built: ${JSON.stringify(building)}`);
  });

  test('IMPL-3 once nova-compute is back, undeploy removes the half-made server from Nova', async () => {
    await frozen?.resume();
    undeploy = await s.run('DELETE', '/deployments/shop', 200);
    const project = await s.projectOf(tenant);
    assert.ok(project, `Keystone project ${tenant} exists`);
    assert.deepEqual((await s.inProject(project)).servers, []);
  });

  test('IMPL-3 the undeploy succeeds and leaves no port, volume or network (the volume Nova reserved for the server included)', async () => {
    assert.ok(undeploy, 'undeployed');
    const project = await s.projectOf(tenant);
    const left = await s.inProject(project!);
    assert.deepEqual(counts(left), { servers: 0, ports: 0, volumes: 0, networks: 0 }, JSON.stringify(left));
    assert.equal(undeploy.done.headers['esc-status-code'], '200', `${String(undeploy.done.headers['esc-status-message'])} ${undeploy.done.body}`);
  });
}
