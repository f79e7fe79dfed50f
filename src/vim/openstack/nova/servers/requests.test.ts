/**
 * Nova server calls replayed from answers captured on the real Zed rig (fixtures/): the body we
 * send is the one Nova accepted, and its answer reads into our types (IMPL-3, SNAP-1).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { expectFixture, loadFixture, startFakeWorld, type FakeWorld, type Fixture } from '../../testing/replay.ts';

const fixture = (name: string): Fixture => loadFixture(join(import.meta.dirname, 'fixtures', name));
let w: FakeWorld;
beforeEach(async () => (w = await startFakeWorld()));
afterEach(() => w.stop());

test('IMPL-3 boot from volume sends block_device_mapping_v2 as Nova accepted it', async () => {
  const fx = fixture('create-bdm-v2.json');
  const sent = expectFixture(w.cloud, fx);
  const bdm = (fx.request.body as { server: { block_device_mapping_v2: { uuid: string }[]; networks: { uuid: string }[] } }).server;
  const created = await w.driver.createServer({}, {
    name: 'capture-bfv', flavorId: '1', portIds: [], networks: [{ networkId: bdm.networks[0]?.uuid ?? '' }], metadata: {}, tag: 'capture/bfv',
    blockDevices: [{ sourceType: 'image', uuid: bdm.block_device_mapping_v2[0]?.uuid, destinationType: 'volume', volumeSize: 1, bootIndex: 0, deleteOnTermination: true }],
  });
  assert.deepEqual(JSON.parse(sent().body), fx.request.body);
  assert.equal(created.id, (fx.response.body as { server: { id: string } }).server.id);
  assert.equal(created.status, 'BUILD');
  w.cloud.assertDone();
});

test('IMPL-3 day-0 files go as config_drive plus multipart user_data, as Nova accepted it', async () => {
  const fx = fixture('create-config-drive.json');
  const sent = expectFixture(w.cloud, fx);
  const body = (fx.request.body as { server: { imageRef: string; networks: { uuid: string }[] } }).server;
  await w.driver.createServer({}, {
    name: 'capture-vm', flavorId: '1', imageId: body.imageRef, portIds: [], networks: [{ networkId: body.networks[0]?.uuid ?? '' }], blockDevices: [],
    configDrive: [{ path: 'day0.cfg', contents: 'hostname capture\n' }], metadata: {}, tag: 'capture/vm',
  });
  assert.deepEqual(JSON.parse(sent().body), fx.request.body);
  w.cloud.assertDone();
});

test('IMPL-3 servers/detail with changes-since reads into VimServer', async () => {
  const fx = fixture('detail-changes-since.json');
  const since = new URL(fx.request.path, 'http://x').searchParams.get('changes-since') ?? '';
  expectFixture(w.cloud, fx);
  const [vm] = await w.driver.listServers({}, { changesSince: since });
  const wire = (fx.response.body as { servers: Record<string, unknown>[] }).servers[0] ?? {};
  assert.equal(vm?.id, wire.id);
  assert.equal(vm?.status, 'ACTIVE');
  assert.equal(vm?.metadata.vnfm_tag, 'capture/vm');
  assert.equal(vm?.flavorId, '1');
  assert.equal(vm?.powerState, 1);
  assert.equal(vm?.taskState, undefined);
  assert.equal(Object.values(vm?.addresses ?? {})[0]?.[0]?.version, 4);
  w.cloud.assertDone();
});

test('SNAP-1 createImage at microversion 2.45 returns the image id from the body', async () => {
  const fx = fixture('create-image-2.45.json');
  const sent = expectFixture(w.cloud, fx);
  const serverId = fx.request.path.split('/')[3] ?? '';
  const imageId = await w.driver.createServerImage({}, serverId, 'capture-snap', { vnfm_tag: 'capture/image' });
  assert.equal(imageId, (fx.response.body as { image_id: string }).image_id);
  assert.deepEqual(JSON.parse(sent().body), fx.request.body);
  assert.equal(sent().headers['openstack-api-version'], 'compute 2.45');
  assert.equal(sent().headers['x-openstack-nova-api-version'], '2.45');
  w.cloud.assertDone();
});

test('IMPL-3 a server booted from a volume has no image id', async () => {
  const fx = fixture('get-boot-from-volume.json');
  expectFixture(w.cloud, fx);
  const vm = await w.driver.getServer({}, fx.request.path.split('/').pop() ?? '');
  assert.equal(vm?.imageId, undefined);
  assert.equal(vm?.status, 'ACTIVE');
  w.cloud.assertDone();
});

test('IMPL-3 changes-since also lists deleted servers, as DELETED (the poller sees a server go)', async () => {
  const fx = fixture('detail-changes-since-deleted.json');
  const since = new URL(fx.request.path, 'http://x').searchParams.get('changes-since') ?? '';
  expectFixture(w.cloud, fx);
  const servers = await w.driver.listServers({}, { changesSince: since });
  assert.ok(servers.length > 0);
  assert.deepEqual(new Set(servers.map((s) => s.status)), new Set(['DELETED']));
  w.cloud.assertDone();
});
