import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testCloud } from '../testing/client.ts';

const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });

test('IMPL-3 attachments API (3.27): a reserved attachment of a gone server is listed by volume and deleted, freeing the volume', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const V = `/volume/v3/${cloud.projectId}`;
  const created = await cloud.call('POST', `${V}/volumes`, { volume: { size: 1, name: 'orphaned' } });
  const volumeId = created.body.volume.id as string;
  await cloud.waitFor(`${V}/volumes/${volumeId}`, (b) => b.volume.status, 'available');
  const gone = randomUUID();

  assert.equal((await cloud.call('GET', `${V}/attachments?volume_id=${volumeId}`, undefined, mv('3.26'))).status, 404, 'before 3.27 there is no attachments API');
  const made = await cloud.call('POST', `${V}/attachments`, { attachment: { volume_uuid: volumeId, instance_uuid: gone } }, mv('3.27'));
  assert.equal(made.status, 200);
  const reserved = await cloud.call('GET', `${V}/volumes/${volumeId}`);
  assert.equal(reserved.body.volume.status, 'reserved');
  assert.deepEqual(reserved.body.volume.attachments, [], 'a reserved attachment is not shown on the volume');

  const listed = await cloud.call('GET', `${V}/attachments?volume_id=${volumeId}`, undefined, mv('3.27'));
  assert.deepEqual(listed.body, { attachments: [{ id: made.body.attachment.id, status: 'reserved', instance: gone, volume_id: volumeId }] });
  assert.deepEqual((await cloud.call('GET', `${V}/attachments?volume_id=${randomUUID()}`, undefined, mv('3.27'))).body, { attachments: [] });

  const deleted = await cloud.call('DELETE', `${V}/attachments/${made.body.attachment.id}`, undefined, mv('3.27'));
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.body, {});
  assert.equal((await cloud.call('GET', `${V}/volumes/${volumeId}`)).body.volume.status, 'available');
  assert.equal((await cloud.call('DELETE', `${V}/attachments/${made.body.attachment.id}`, undefined, mv('3.27'))).status, 404);
});
