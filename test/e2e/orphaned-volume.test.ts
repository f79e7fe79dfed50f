/**
 * IMPL-3 undeploy frees a volume left held by an orphaned Cinder attachment. On the real rig, a
 * build Nova lost while nova-compute was down leaves the server's volume `reserved` by an
 * attachment Nova no longer knows; deleting the server does not free it, and the undeploy used to
 * wait for `available` until `vim.asyncpoller.volume.delete.timeout.mins`. Here the same state is
 * made through the emulator's public APIs: Nova detaches db's data volume (Nova forgets it), then
 * Cinder's attachments API reserves it again for db's server. The volume timeout is cut to a few
 * seconds so that, without the fix, the undeploy fails fast instead of completing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { getToken } from '../../emulator/testing/client.ts';
import type { Emulator } from '../../emulator/emulator.ts';
import type { Volume } from '../../emulator/state/model.ts';
import type { Manager } from '../../src/app/manager.ts';
import { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { completionOf } from '../support/callbacks.ts';
import { cloudState, eventually, startTestManager } from '../support/manager.ts';

const deploymentXml = readFileSync(new URL('fixtures/two-group.xml', import.meta.url), 'utf8');

let manager: Manager;
let receiver: HttpReceiver;

before(async () => {
  receiver = await HttpReceiver.start();
  manager = await startTestManager({ settings: { 'vim.asyncpoller.volume.delete.timeout.mins': '0.05' } });
});
after(async () => {
  await manager.close();
  await receiver.close();
});

async function send(method: 'POST' | 'DELETE', body?: string): Promise<string> {
  const res = await fetch(`${manager.url}/ESCManager/v0/deployments/shop`, {
    method, body, headers: { 'content-type': 'application/xml', callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events') },
  });
  assert.ok(res.status === 200 || res.status === 201, await res.text());
  return res.headers.get('esc-transaction-id') ?? assert.fail('no transaction id');
}

const volumes = (emu: Emulator) => emu.admin.dump().volumes as Volume[];
const volumeStatus = (emu: Emulator, id: string) => volumes(emu).find((v) => v.id === id)?.status;

/** Nova forgets db's data volume; Cinder keeps it reserved for db's server (the lost build). */
async function orphanDataVolume(emu: Emulator): Promise<string> {
  const { token } = await getToken(emu.authUrl);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(emu.url + path, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'x-auth-token': token, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    });
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${await res.text()}`);
  };
  const data = volumes(emu).find((v) => v.name?.includes('data') && v.attachments.length === 1);
  const serverId = data?.attachments[0]?.serverId;
  if (!data || !serverId) return assert.fail('db has no attached data volume');
  await call('DELETE', `/compute/v2.1/servers/${serverId}/os-volume_attachments/${data.id}`);
  await eventually(() => (volumeStatus(emu, data.id) === 'available' ? true : undefined), 5_000, 'data volume detached');
  await call('POST', `/volume/v3/${data.projectId}/attachments`, { attachment: { volume_uuid: data.id, instance_uuid: serverId } }, { 'openstack-api-version': 'volume 3.27' });
  assert.equal(volumeStatus(emu, data.id), 'reserved');
  return data.id;
}

test('IMPL-3 undeploy clears the orphaned attachment of a deleted server and deletes its volume', async () => {
  const deployed = await completionOf(receiver, await send('POST', deploymentXml));
  assert.equal(deployed.headers['esc-status-code'], '200', deployed.body);
  const emu = manager.emulator ?? assert.fail('this manager runs no embedded emulator');
  const volumeId = await orphanDataVolume(emu);

  const undeployed = await completionOf(receiver, await send('DELETE'));
  assert.equal(undeployed.headers['esc-status-code'], '200', undeployed.body);
  assert.equal(volumeStatus(emu, volumeId), undefined, 'the orphaned volume is deleted');
  assert.deepEqual(cloudState(manager).volumes, []);
  assert.deepEqual(cloudState(manager).servers, []);
});
