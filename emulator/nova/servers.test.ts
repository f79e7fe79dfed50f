import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootServer, imageId, networkId, testCloud } from '../testing/client.ts';

const S = '/compute/v2.1/servers';

test('OPS-1 server lifecycle BUILD→ACTIVE→stop→SHUTOFF→start→reboot→delete, 409 in wrong states', async (t) => {
  const cloud = await testCloud({ timeScale: 1 });
  t.after(() => cloud.close());
  const created = await cloud.call('POST', S, {
    server: { name: 'vm-1', flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: [{ uuid: await networkId(cloud, 'private') }], metadata: { tag: 'op-1/step-1' } },
  });
  assert.equal(created.status, 202);
  assert.equal(created.headers.get('location'), `${cloud.emu.url}${S}/${created.body.server.id}`);
  const id = created.body.server.id;
  const building = await cloud.call('GET', `${S}/${id}`);
  assert.equal(building.body.server.status, 'BUILD');
  const stopEarly = await cloud.call('POST', `${S}/${id}/action`, { 'os-stop': null });
  assert.equal(stopEarly.status, 409);
  assert.equal(stopEarly.body.conflictingRequest.message, `Cannot 'stop' instance ${id} while it is in vm_state building`);

  const active = await cloud.waitFor(`${S}/${id}`, (b) => b.server.status, 'ACTIVE');
  assert.equal(active.server['OS-EXT-STS:power_state'], 1);
  assert.deepEqual(active.server.metadata, { tag: 'op-1/step-1' });
  assert.equal(active.server.addresses.private[0]['OS-EXT-IPS:type'], 'fixed');
  assert.match(active.server.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  assert.equal((await cloud.call('POST', `${S}/${id}/action`, { 'os-start': null })).status, 409);
  assert.equal((await cloud.call('POST', `${S}/${id}/action`, { 'os-stop': null })).status, 202);
  const stopping = await cloud.call('GET', `${S}/${id}`);
  assert.equal(stopping.body.server['OS-EXT-STS:task_state'], 'powering-off');
  await cloud.waitFor(`${S}/${id}`, (b) => b.server.status, 'SHUTOFF');
  const softWhileOff = await cloud.call('POST', `${S}/${id}/action`, { reboot: { type: 'SOFT' } });
  assert.equal(softWhileOff.status, 409);
  assert.equal((await cloud.call('POST', `${S}/${id}/action`, { 'os-start': null })).status, 202);
  await cloud.waitFor(`${S}/${id}`, (b) => b.server.status, 'ACTIVE');
  assert.equal((await cloud.call('POST', `${S}/${id}/action`, { reboot: { type: 'SOFT' } })).status, 202);
  assert.equal((await cloud.call('GET', `${S}/${id}`)).body.server.status, 'REBOOT');
  assert.equal((await cloud.call('POST', `${S}/${id}/action`, { reboot: { type: 'hard' } })).status, 202, 'a hard reboot takes over a soft one');
  await cloud.waitFor(`${S}/${id}`, (b) => b.server.status, 'ACTIVE');
  // The admin dump records each accepted reboot's type (the refused one while SHUTOFF is not there).
  const dumped = cloud.emu.admin.dump().servers as { id: string; rebootTypes?: string[] }[];
  assert.deepEqual(dumped.find((s) => s.id === id)?.rebootTypes, ['SOFT', 'HARD']);

  assert.equal((await cloud.call('DELETE', `${S}/${id}`)).status, 204);
  await cloud.waitFor(`${S}/${id}`, (b) => b.server?.status, 404);
  const ports = await cloud.call('GET', `/network/v2.0/ports?device_id=${id}`);
  assert.deepEqual(ports.body.ports, [], 'ports Nova made are deleted with the server');
  const since = await cloud.call('GET', `${S}/detail?changes-since=2000-01-01T00:00:00Z`);
  assert.equal(since.body.servers.find((s: any) => s.id === id).status, 'DELETED');
});

test('IMPL-3 unknown server ids are 404 itemNotFound; unknown actions 400', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const missing = await cloud.call('GET', `${S}/no-such-server`);
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: 'Instance no-such-server could not be found.' } });
  assert.equal((await cloud.call('POST', `${S}/nope/action`, { 'os-stop': null })).status, 404);
  const vm = await bootServer(cloud, 'vm-x');
  assert.equal((await cloud.call('POST', `${S}/${vm.server.id}/action`, { fly: null })).status, 400);
});

test('IMPL-3 microversions: headers echoed, 2.47 embeds the flavor, out of range is 406', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const vm = await bootServer(cloud, 'vm-mv');
  const legacy = await cloud.call('GET', `${S}/${vm.server.id}`);
  assert.equal(legacy.headers.get('x-openstack-nova-api-version'), '2.1');
  assert.equal(legacy.body.server.flavor.id, '1');
  const modern = await cloud.call('GET', `${S}/${vm.server.id}`, undefined, { 'OpenStack-API-Version': 'compute 2.73' });
  assert.equal(modern.headers.get('openstack-api-version'), 'compute 2.73');
  assert.equal(modern.body.server.flavor.original_name, 'm1.tiny');
  assert.equal(modern.body.server.locked_reason, null);
  const latest = await cloud.call('GET', '/compute/v2.1/flavors/1', undefined, { 'OpenStack-API-Version': 'compute latest' });
  assert.equal(latest.headers.get('openstack-api-version'), 'compute 2.93');
  assert.deepEqual(latest.body.flavor.extra_specs, {});
  const tooNew = await cloud.call('GET', S, undefined, { 'OpenStack-API-Version': 'compute 2.99' });
  assert.equal(tooNew.status, 406);
  assert.equal(tooNew.body.computeFault.message, 'Version 2.99 is not supported by the API. Minimum is 2.1 and maximum is 2.93.');
  const version = (await (await fetch(`${cloud.emu.url}/compute/v2.1`)).json()) as any;
  assert.equal(version.version.version, '2.93');
});

test('IMPL-3 server list: name is a regex, paging links only when more exist', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  await bootServer(cloud, 'dep1-vm-a');
  await bootServer(cloud, 'dep1-vm-b');
  await bootServer(cloud, 'other');
  const byRegex = await cloud.call('GET', `${S}/detail?name=${encodeURIComponent('^dep1-')}`);
  assert.deepEqual(byRegex.body.servers.map((s: any) => s.name).sort(), ['dep1-vm-a', 'dep1-vm-b']);
  const page1 = await cloud.call('GET', `${S}/detail?limit=2`);
  assert.equal(page1.body.servers.length, 2);
  const next = new URL(page1.body.servers_links[0].href);
  const page2 = await cloud.call('GET', next.pathname + next.search);
  assert.equal(page2.body.servers.length, 1);
  assert.equal(page2.body.servers_links, undefined);
  // The project's live-server index (issue 14): a deleted server leaves the list, a new one joins it.
  const other = byRegex.body.servers[0];
  assert.equal((await cloud.call('DELETE', `${S}/${other.id}`)).status, 204);
  await cloud.waitFor(`${S}/${other.id}`, (b) => b.server?.status, 404);
  await bootServer(cloud, 'dep1-vm-c');
  const after = await cloud.call('GET', `${S}/detail?name=${encodeURIComponent('^dep1-')}`);
  assert.deepEqual(after.body.servers.map((s: any) => s.name).sort(), ['dep1-vm-a', 'dep1-vm-b', 'dep1-vm-c'].filter((n) => n !== other.name));
});

test('IMPL-3 server list paging as Nova pages: the next link keeps the filters; a marker stopped or deleted meanwhile still places the next page', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  for (const name of ['p-1', 'p-2', 'p-3', 'p-4']) await bootServer(cloud, name);
  const [a, b, c, d] = (await cloud.call('GET', `${S}/detail`)).body.servers.map((s: any) => s.id as string);
  const stop = async (id: string) => {
    assert.equal((await cloud.call('POST', `${S}/${id}/action`, { 'os-stop': null })).status, 202);
    await cloud.waitFor(`${S}/${id}`, (body) => body.server.status, 'SHUTOFF');
  };
  const ids = (res: { body: any }) => res.body.servers.map((s: any) => s.id);
  await stop(b!);
  const page1 = await cloud.call('GET', `${S}?status=ACTIVE&limit=1`);
  assert.deepEqual(ids(page1), [a]);
  const next = new URL(page1.body.servers_links[0].href);
  assert.equal(next.search, `?limit=1&status=ACTIVE&marker=${a}`, "Nova's next link: the request's parameters sorted by name, then the marker");
  const page2 = await cloud.call('GET', next.pathname + next.search);
  assert.deepEqual(ids(page2), [c], 'the filter holds on the next page');
  // The marker's server stopped (no longer matching) or deleted since: the walk goes on after its place.
  await stop(c!);
  assert.deepEqual(ids(await cloud.call('GET', `${S}?status=ACTIVE&marker=${c}`)), [d]);
  assert.equal((await cloud.call('DELETE', `${S}/${a}`)).status, 204);
  await cloud.waitFor(`${S}/${a}`, (body) => body.server?.status, 404);
  assert.deepEqual(ids(await cloud.call('GET', `${S}/detail?marker=${a}`)), [b, c, d]);
  const unknown = await cloud.call('GET', `${S}?marker=no-such-server`);
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.badRequest.message, 'marker [no-such-server] not found');
});

test('IMPL-3 server create: pre-made port, config drive with user data, personality refused from 2.57', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const net = await networkId(cloud, 'private');
  const port = await cloud.call('POST', '/network/v2.0/ports', { port: { network_id: net, name: 'vm-p-nic0', fixed_ips: [{ ip_address: '192.0.2.50' }] } });
  const userData = Buffer.from('#cloud-config\nhostname: vm-p\n').toString('base64');
  const created = await cloud.call('POST', S, {
    server: { name: 'vm-p', flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: [{ port: port.body.port.id }], config_drive: true, user_data: userData },
  });
  assert.equal(created.status, 202);
  const active = await cloud.waitFor(`${S}/${created.body.server.id}`, (b) => b.server.status, 'ACTIVE');
  assert.equal(active.server.addresses.private[0].addr, '192.0.2.50');
  assert.equal(active.server.config_drive, 'True');
  const bound = await cloud.call('GET', `/network/v2.0/ports/${port.body.port.id}`);
  assert.equal(bound.body.port.device_id, created.body.server.id);
  assert.equal(bound.body.port.status, 'ACTIVE');
  const inUse = await cloud.call('POST', S, { server: { name: 'vm-q', flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: [{ port: port.body.port.id }] } });
  assert.equal(inUse.status, 409);

  const drive = (await (await fetch(`${cloud.emu.url}/_emulator/servers/${created.body.server.id}/config-drive`)).json()) as any;
  assert.equal(drive.files['openstack/latest/user_data'], '#cloud-config\nhostname: vm-p\n');
  assert.equal(JSON.parse(drive.files['openstack/latest/meta_data.json']).uuid, created.body.server.id);

  const personality = await cloud.call(
    'POST',
    S,
    { server: { name: 'vm-r', flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: 'none', personality: [{ path: '/etc/x', contents: 'eA==' }] } },
    { 'OpenStack-API-Version': 'compute 2.57' },
  );
  assert.equal(personality.status, 400);
  const noNetworks = await cloud.call('POST', S, { server: { name: 'vm-s', flavorRef: '1', imageRef: await imageId(cloud, 'cirros') } }, { 'OpenStack-API-Version': 'compute 2.37' });
  assert.equal(noNetworks.status, 400);
});

test('SNAP-1 createImage of an image-booted server: image queued→saving→active with data, id listed at once', async (t) => {
  const cloud = await testCloud({ durations: { serverSnapshot: 200, imageSave: 200 }, timeScale: 1 });
  t.after(() => cloud.close());
  const vm = await bootServer(cloud, 'vm-img');
  const res = await cloud.call('POST', `${S}/${vm.server.id}/action`, { createImage: { name: 'snap-1', metadata: { tag: 'op-9' } } }, { 'OpenStack-API-Version': 'compute 2.45' });
  assert.equal(res.status, 202);
  const imageIdNew = res.body.image_id;
  const listed = await cloud.call('GET', '/image/v2/images?name=snap-1');
  assert.equal(listed.body.images[0].id, imageIdNew);
  assert.equal(listed.body.images[0].status, 'queued');
  assert.equal(listed.body.images[0].tag, 'op-9');
  assert.equal((await cloud.call('GET', `${S}/${vm.server.id}`)).body.server['OS-EXT-STS:task_state'], 'image_snapshot');
  const again = await cloud.call('POST', `${S}/${vm.server.id}/action`, { createImage: { name: 'snap-2' } });
  assert.equal(again.status, 409, 'a second snapshot while one runs is refused');
  await cloud.waitFor(`/image/v2/images/${imageIdNew}`, (b) => b.status, 'saving');
  await cloud.waitFor(`/image/v2/images/${imageIdNew}`, (b) => b.status, 'active');
  const data = await fetch(`${cloud.emu.url}/image/v2/images/${imageIdNew}/file`, { headers: { 'x-auth-token': cloud.token } });
  assert.equal(data.status, 200);
  assert.equal(Buffer.from(await data.arrayBuffer()).subarray(0, 4).toString('hex'), '514649fb');
  await cloud.waitFor(`${S}/${vm.server.id}`, (b) => b.server['OS-EXT-STS:task_state'], null);
  const legacy = await cloud.call('POST', `${S}/${vm.server.id}/action`, { createImage: { name: 'snap-old' } });
  assert.match(legacy.headers.get('location') ?? '', /\/image\/v2\/images\/[0-9a-f-]{36}$/);
});

test('SNAP-1 createImage of a volume-booted server also snapshots the volume, as Nova does', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const created = await cloud.call('POST', S, {
    server: {
      name: 'vm-bfv',
      flavorRef: '1',
      networks: 'auto',
      block_device_mapping_v2: [{ boot_index: 0, uuid: await imageId(cloud, 'cirros'), source_type: 'image', destination_type: 'volume', volume_size: 1, delete_on_termination: true }],
    },
  }, { 'OpenStack-API-Version': 'compute 2.73' });
  assert.equal(created.status, 202);
  const id = created.body.server.id;
  const active = await cloud.waitFor(`${S}/${id}`, (b) => b.server.status, 'ACTIVE');
  assert.equal(active.server.image, '');
  const volumeId = active.server['os-extended-volumes:volumes_attached'][0].id;
  const vol = await cloud.call('GET', `/volume/v3/${cloud.projectId}/volumes/${volumeId}`);
  assert.equal(vol.body.volume.status, 'in-use');
  assert.equal(vol.body.volume.bootable, 'true');
  assert.equal(vol.body.volume.attachments[0].server_id, id);

  const res = await cloud.call('POST', `${S}/${id}/action`, { createImage: { name: 'bfv-snap' } }, { 'OpenStack-API-Version': 'compute 2.45' });
  const image = await cloud.waitFor(`/image/v2/images/${res.body.image_id}`, (b) => b.status, 'active');
  assert.equal(image.size, 0);
  const bdm = JSON.parse(image.block_device_mapping);
  const snap = await cloud.call('GET', `/volume/v3/${cloud.projectId}/snapshots/${bdm[0].snapshot_id}`);
  assert.equal(snap.body.snapshot.status, 'available');
  assert.equal(snap.body.snapshot.volume_id, volumeId);
  assert.equal(snap.body.snapshot.name, 'snapshot for bfv-snap');

  assert.equal((await cloud.call('DELETE', `${S}/${id}`)).status, 204);
  await cloud.waitFor(`${S}/${id}`, (b) => b.server?.status, 404);
  const afterDelete = await cloud.call('GET', `/volume/v3/${cloud.projectId}/volumes/${volumeId}`);
  assert.equal(afterDelete.body.volume.attachments.length, 0);
  assert.equal(afterDelete.body.volume.status, 'available', 'a volume with snapshots is detached but cannot be deleted');
});
