import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootServer, imageId, testCloud } from '../testing/client.ts';

test('SNAP-7 volumes: empty, from image, from snapshot; creating→available; snapshot creating→available', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const V = `/volume/v3/${cloud.projectId}`;
  const empty = await cloud.call('POST', `${V}/volumes`, { volume: { size: 1, name: 'data-1', metadata: { tag: 'op-3' } } });
  assert.equal(empty.status, 202);
  assert.equal(empty.body.volume.status, 'creating');
  assert.match(empty.body.volume.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  await cloud.waitFor(`${V}/volumes/${empty.body.volume.id}`, (b) => b.volume.status, 'available');
  const byMeta = await cloud.call('GET', `${V}/volumes/detail?metadata=${encodeURIComponent("{'tag': 'op-3'}")}`);
  assert.deepEqual(byMeta.body.volumes.map((v: any) => v.id), [empty.body.volume.id]);

  const fromImage = await cloud.call('POST', `${V}/volumes`, { volume: { size: 1, name: 'boot-1', imageRef: await imageId(cloud, 'cirros') } });
  const booted = await cloud.waitFor(`${V}/volumes/${fromImage.body.volume.id}`, (b) => b.volume.status, 'available');
  assert.equal(booted.volume.bootable, 'true');

  const snap = await cloud.call('POST', `${V}/snapshots`, { snapshot: { volume_id: empty.body.volume.id, force: false, name: 's-1', description: null, metadata: {} } });
  assert.equal(snap.status, 202);
  await cloud.waitFor(`${V}/snapshots/${snap.body.snapshot.id}`, (b) => b.snapshot.status, 'available');
  const tooSmall = await cloud.call('POST', `${V}/volumes`, { volume: { size: 0, snapshot_id: snap.body.snapshot.id } });
  assert.equal(tooSmall.status, 400);
  const fromSnap = await cloud.call('POST', `${V}/volumes`, { volume: { size: 1, name: 'restored', snapshot_id: snap.body.snapshot.id } });
  assert.equal(fromSnap.body.volume.snapshot_id, snap.body.snapshot.id);
  await cloud.waitFor(`${V}/volumes/${fromSnap.body.volume.id}`, (b) => b.volume.status, 'available');
  const blocked = await cloud.call('DELETE', `${V}/volumes/${empty.body.volume.id}`);
  assert.equal(blocked.status, 400, 'a volume with snapshots cannot be deleted');
  assert.ok(blocked.body.badRequest.message.startsWith('Invalid volume'));
  assert.equal((await cloud.call('DELETE', `${V}/snapshots/${snap.body.snapshot.id}`)).status, 202);
  await cloud.waitFor(`${V}/snapshots/${snap.body.snapshot.id}`, (b) => b.snapshot?.status, 404);
  const missing = await cloud.call('GET', `${V}/volumes/nope`);
  assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: 'Volume nope could not be found.' } });
});

test('SNAP-7 attach/detach through Nova: attaching→in-use, detaching→available; in-use cannot be deleted', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const V = `/volume/v3/${cloud.projectId}`;
  const vm = await bootServer(cloud, 'vm-vol');
  const vol = await cloud.call('POST', `${V}/volumes`, { volume: { size: 2, name: 'disk' } });
  const volId = vol.body.volume.id;
  await cloud.waitFor(`${V}/volumes/${volId}`, (b) => b.volume.status, 'available');
  const attach = await cloud.call('POST', `/compute/v2.1/servers/${vm.server.id}/os-volume_attachments`, { volumeAttachment: { volumeId: volId } });
  assert.equal(attach.status, 200);
  assert.equal(attach.body.volumeAttachment.device, '/dev/vdb');
  const inUse = await cloud.waitFor(`${V}/volumes/${volId}`, (b) => b.volume.status, 'in-use');
  assert.equal(inUse.volume.attachments[0].server_id, vm.server.id);
  assert.equal((await cloud.call('DELETE', `${V}/volumes/${volId}`)).status, 400);
  assert.equal((await cloud.call('DELETE', `/compute/v2.1/servers/${vm.server.id}/os-volume_attachments/${volId}`)).status, 202);
  await cloud.waitFor(`${V}/volumes/${volId}`, (b) => b.volume.status, 'available');
  assert.equal((await cloud.call('DELETE', `${V}/volumes/${volId}`)).status, 202);
  await cloud.waitFor(`${V}/volumes/${volId}`, (b) => b.volume?.status, 404);
});
