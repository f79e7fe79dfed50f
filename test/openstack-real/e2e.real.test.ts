/**
 * IMPL-3 end to end on the real cloud: the manager started with the rig's standard OS_* variables
 * (no emulator) and VNFM_LIVENESS=vim deploys a 2-group deployment into a tenant of its own (a
 * Keystone project it creates) and undeploys it; each step is checked on the real Nova/Neutron/
 * Cinder, and nothing of the deployment may be left behind. Between the steps the manager's
 * tokens are revoked on the real Keystone (its user is disabled and re-enabled), so the next
 * step passes only if the manager re-authenticates after the 401.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { HttpReceiver, type ReceivedRequest } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import { eventually, startTestManager } from '../support/manager.ts';
import { rawCloud, sweepProject, type RawCloud } from './cloud.ts';
import { readOpenrc, reportRigAbsent, rigAvailable } from './rig.ts';

const suffix = randomBytes(3).toString('hex');
const tenant = `ovnfm-e2e-${suffix}`;
const deployment = 'shop';
/** The emulator's two-group deployment, with the names the real rig has. */
const deploymentXml = readFileSync(new URL('../e2e/fixtures/two-group.xml', import.meta.url), 'utf8')
  .replace('<name>acme</name>', `<name>${tenant}</name>`)
  .replaceAll('<image>cirros</image>', '<image>osrig-tiny</image>')
  .replaceAll('<network>private</network>', '<network>net1</network>')
  .replaceAll('<bootup_time>120</bootup_time>', '<bootup_time>600</bootup_time>'); // a loaded 2-core rig is slow
/** Poll the real cloud once a second; give its APIs time on a busy machine. */
const realSettings = {
  ...Object.fromEntries(['server.create', 'server.action', 'server.delete', 'volume.create', 'volume.delete'].map((k) => [`vim.asyncpoller.${k}.poll.secs`, '1'])),
  'vim.request.timeout.secs': '120',
};

if (!rigAvailable) reportRigAbsent('IMPL-3 end to end on the real OpenStack rig');
else {
  let admin: RawCloud;
  let manager: Manager;
  let receiver: HttpReceiver;
  let api: string;
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
    receiver = await HttpReceiver.start();
    const env = { ...readOpenrc(), OS_USERNAME: user.name, OS_PASSWORD: user.password, VNFM_LIVENESS: 'vim' };
    manager = await startTestManager({ env, settings: realSettings, logger: pino({ level: 'warn' }, pino.destination(2)) });
    api = `${manager.url}/ESCManager/v0`;
  });
  after(async () => {
    await manager?.close();
    await receiver?.close();
    if (user.id) await admin.call('DELETE', `${admin.authUrl}/users/${user.id}`);
    // A failed run must not leak into the next one.
    const left = await projectOf(tenant);
    if (left) console.error(`swept project ${tenant}; could not remove: ${(await sweepProject(admin, left)).join(', ') || 'nothing'}`);
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

  async function send(method: string, path: string, body?: string): Promise<{ status: number; txn: string | null; text: string }> {
    const res = await fetch(`${api}${path}`, {
      method,
      body,
      headers: { 'content-type': 'application/xml', callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') },
    });
    return { status: res.status, txn: res.headers.get('esc-transaction-id'), text: await res.text() };
  }

  async function completion(txn: string): Promise<ReceivedRequest> {
    return eventually(() => receiver.requests.find((r) => r.path === '/done' && r.headers['esc-transaction-id'] === txn), 600_000, `completion of ${txn}`);
  }

  function eventTypes(txn: string): string[] {
    return receiver.requests
      .filter((r) => r.path === '/events' && r.headers['esc-transaction-id'] === txn)
      .map((r) => String((JSON.parse(r.body) as { eventType: string }).eventType));
  }

  async function projectOf(name: string): Promise<string | undefined> {
    return (await admin.call('GET', `${admin.authUrl}/projects?name=${name}`)).body.projects[0]?.id;
  }

  async function inProject(id: string): Promise<{ servers: { name: string; status: string }[]; ports: unknown[]; volumes: { status: string }[]; networks: unknown[] }> {
    const nova = admin.endpoint('compute');
    const neutron = admin.endpoint('network');
    const cinder = admin.endpoint('volumev3');
    const [servers, ports, volumes, networks] = await Promise.all([
      admin.call('GET', `${nova}/servers/detail?all_tenants=1&project_id=${id}`),
      admin.call('GET', `${neutron}/v2.0/ports?project_id=${id}`),
      admin.call('GET', `${cinder}/volumes/detail?all_tenants=1&project_id=${id}`),
      admin.call('GET', `${neutron}/v2.0/networks?project_id=${id}`),
    ]);
    return { servers: servers.body.servers, ports: ports.body.ports, volumes: volumes.body.volumes, networks: networks.body.networks };
  }

  test('IMPL-3 deploy into a new Keystone project: 3 ACTIVE servers on the real Nova, the volume in-use', async () => {
    const res = await send('POST', `/deployments/${deployment}`, deploymentXml);
    assert.equal(res.status, 201, res.text);
    const done = await completion(res.txn!);
    assert.equal(done.headers['esc-status-code'], '200', done.body);
    await manager.outbox.drain(5_000);
    const types = eventTypes(res.txn!);
    assert.equal(types[0], 'CREATE_TENANT');
    assert.equal(types.at(-1), 'SERVICE_ALIVE');
    assert.equal(types.filter((t) => t === 'VM_ALIVE').length, 3);

    projectId = await projectOf(tenant);
    assert.ok(projectId, `Keystone project ${tenant} exists`);
    const cloud = await inProject(projectId);
    assert.deepEqual(cloud.servers.map((s) => s.status), ['ACTIVE', 'ACTIVE', 'ACTIVE']);
    assert.ok(cloud.servers.every((s) => s.name.startsWith(`${deployment}_`)), cloud.servers.map((s) => s.name).join());
    assert.deepEqual(cloud.volumes.map((v) => v.status), ['in-use']);
  });

  test('IMPL-3 after its Keystone tokens are revoked the manager re-authenticates: undeploy leaves no server, port or volume', async () => {
    assert.ok(projectId, 'deployed');
    await revokeManagerTokens();
    const res = await send('DELETE', `/deployments/${deployment}`);
    assert.equal(res.status, 200, res.text);
    const done = await completion(res.txn!);
    assert.equal(done.headers['esc-status-code'], '200', done.body);
    await manager.outbox.drain(5_000);
    assert.equal(eventTypes(res.txn!).at(-1), 'SERVICE_UNDEPLOYED');
    const cloud = await inProject(projectId);
    assert.deepEqual([cloud.servers.length, cloud.ports.length, cloud.volumes.length, cloud.networks.length], [0, 0, 0, 0], JSON.stringify(cloud));
  });

  test('IMPL-3 deleting the tenant removes its Keystone project', async () => {
    assert.ok(projectId, 'deployed');
    const res = await send('DELETE', `/tenants/${tenant}`);
    assert.ok(res.status === 200 || res.status === 204, `${res.status} ${res.text}`);
    if (res.txn) await completion(res.txn);
    await eventually(async () => ((await projectOf(tenant)) === undefined ? true : undefined), 60_000, `project ${tenant} deleted`);
  });
}
