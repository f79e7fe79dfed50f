/**
 * The real cloud gets the bad inputs the driver can send by mistake (IMPL-3, "Real OpenStack in
 * CI"): an unknown flavor, image or network, a server name Nova refuses as too long, and an action
 * in the wrong state. Each yields a clear error naming the resource and the OpenStack reason, and
 * nothing is left behind: after each failed deploy the manager's undeploy must leave the tenant's
 * Keystone project without server, port, volume or network, checked on the real APIs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { connectorFromEnv } from '../../src/vim/openstack/connector.ts';
import { createOpenStackDriver } from '../../src/vim/openstack/openstack-driver.ts';
import { VimError } from '../../src/vim/errors.ts';
import { rawCloud } from './cloud.ts';
import { counts, onceASecond, realDeploymentXml, RealSession } from './real-manager.ts';
import { readOpenrc, reportRigAbsent, rigAvailable } from './rig.ts';

const tenant = `ovnfm-bad-${randomBytes(3).toString('hex')}`;
/** Nova's server name schema allows 255 characters. */
const longName = 'n'.repeat(256);

const cases: { name: string; deployment: string; edit: (xml: string) => string; message: RegExp }[] = [
  { name: 'an unknown flavor', deployment: 'badflavor', edit: (x) => x.replace('<flavor>m1.tiny</flavor>', '<flavor>osrig-no-such-flavor</flavor>'), message: /flavor \[osrig-no-such-flavor\].*not found/ },
  { name: 'an unknown image', deployment: 'badimage', edit: (x) => x.replace('<image>osrig-tiny</image>', '<image>osrig-no-such-image</image>'), message: /image \[osrig-no-such-image\].*not found/ },
  { name: 'an unknown network', deployment: 'badnet', edit: (x) => x.replace('<network>net1</network>', '<network>osrig-no-such-net</network>'), message: /network \[osrig-no-such-net\].*not found/ },
  {
    name: 'a server name of 256 characters (vim_vm_name)',
    deployment: 'longname',
    edit: (x) => x.replace('<name>db</name>', `<name>db</name><vim_vm_name>${longName}</vim_vm_name>`),
    message: /OpenStack Nova: Invalid input for field\/attribute name\. Value: n{256}\. 'n{256}' is too long/,
  },
];

if (!rigAvailable) reportRigAbsent('IMPL-3 bad inputs on the real OpenStack rig');
else {
  let s: RealSession;
  before(async () => {
    s = await RealSession.start(await rawCloud(), { env: { ...readOpenrc(), VNFM_LIVENESS: 'vim' } });
  });
  after(() => s?.close(tenant));

  for (const c of cases)
    test(`IMPL-3 ${c.name}: the deploy fails naming it with the OpenStack reason; undeploy leaves nothing`, async () => {
      const xml = c.edit(realDeploymentXml(tenant).replace('<name>shop</name>', `<name>${c.deployment}</name>`));
      const deploy = await s.run('POST', `/deployments/${c.deployment}`, 201, xml);
      assert.notEqual(deploy.done.headers['esc-status-code'], '200', 'the deploy fails');
      const said = [String(deploy.done.headers['esc-status-message']), ...deploy.events.map((e) => e.message)].join('\n');
      assert.match(said, c.message);
      const alive = deploy.events.find((e) => e.type === 'SERVICE_ALIVE');
      assert.equal(alive?.status, 'FAILURE');
      assert.match(alive.message, c.message);

      const undeploy = await s.run('DELETE', `/deployments/${c.deployment}`, 200);
      assert.equal(undeploy.done.headers['esc-status-code'], '200', undeploy.done.body);
      const project = await s.projectOf(tenant);
      assert.ok(project, `Keystone project ${tenant} exists`);
      const left = await s.inProject(project);
      assert.deepEqual(counts(left), { servers: 0, ports: 0, volumes: 0, networks: 0 }, JSON.stringify(left));
    });

  test("IMPL-3 the driver's wrong-state action (os-start on an ACTIVE server) is a final VimError with Nova's reason", async () => {
    const vim = createOpenStackDriver({ ...connectorFromEnv(readOpenrc(), 'osrig'), requestTimeoutMs: 120_000 });
    const [flavor, image, network] = await Promise.all([vim.findFlavor({}, 'm1.tiny'), vim.findImage({}, 'osrig-tiny'), vim.findNetwork({}, 'net1')]);
    const tag = `bad-input-${randomUUID()}`;
    const server = await vim.createServer({}, { name: tag, flavorId: flavor!.id, imageId: image!.id, portIds: [], networks: [{ networkId: network!.id }], blockDevices: [], metadata: {}, tag });
    try {
      await onceASecond(async () => ((await vim.getServer({}, server.id))?.status === 'ACTIVE' ? true : undefined), 300_000, `${tag} ACTIVE`);
      await assert.rejects(vim.startServer({}, server.id), (err: unknown) => {
        assert.ok(err instanceof VimError, String(err));
        assert.deepEqual([err.kind, err.status], ['final', 409]);
        assert.match(err.message, /^OpenStack Nova: Cannot 'start' instance .* while it is in vm_state active/);
        return true;
      });
    } finally {
      await vim.deleteServer({}, server.id);
      await onceASecond(async () => ((await vim.getServer({}, server.id)) === undefined ? true : undefined), 300_000, `${tag} deleted`);
    }
    const ports = await s.admin.call('GET', `${s.admin.endpoint('network')}/v2.0/ports?device_id=${server.id}`);
    assert.deepEqual(ports.body.ports, [], 'the port Nova made went with the server');
  });
}
