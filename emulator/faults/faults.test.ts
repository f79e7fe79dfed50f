import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootServer, imageId, networkId, testCloud } from '../testing/client.ts';

async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.status;
}

test('IMPL-3 fault: a given status on a named action, in the service shape, `count` times', async (t) => {
  const cloud = await testCloud({ faults: { rules: [{ match: { action: 'server.create' }, status: 503, count: 1 }] } });
  t.after(() => cloud.close());
  const body = { server: { name: 'f-1', flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: 'auto' } };
  const first = await cloud.call('POST', '/compute/v2.1/servers', body);
  assert.equal(first.status, 503);
  assert.equal(first.body.serviceUnavailable.code, 503);
  assert.equal((await cloud.call('GET', '/compute/v2.1/servers')).body.servers.length, 0, 'nothing was created');
  assert.equal((await cloud.call('POST', '/compute/v2.1/servers', body)).status, 202);
  assert.equal(await post(`${cloud.emu.url}/_emulator/faults`, { rules: [{ match: { service: 'network', pathRegex: '/ports$' }, status: 500 }] }), 200);
  const neutron = await cloud.call('GET', '/network/v2.0/ports');
  assert.equal(neutron.body.NeutronError.type, 'HTTPInternalServerError');
  assert.equal((await cloud.call('GET', '/network/v2.0/networks')).status, 200);
});

test('IMPL-3 fault: an error rate fails some calls, reproducibly with a seed', async (t) => {
  const cloud = await testCloud({ faults: { seed: 7, rules: [{ match: { method: 'GET', service: 'image' }, rate: 0.5, status: 500 }] } });
  t.after(() => cloud.close());
  let failed = 0;
  for (let i = 0; i < 40; i++) if ((await cloud.call('GET', '/image/v2/images')).status === 500) failed++;
  assert.ok(failed > 5 && failed < 35, `failed ${failed} of 40`);
});

test('IMPL-3 fault: a lost response after the action took effect (the create is in doubt)', async (t) => {
  const cloud = await testCloud({ faults: { rules: [{ match: { action: 'server.create' }, lostResponse: true, count: 1 }] } });
  t.after(() => cloud.close());
  const body = { server: { name: 'in-doubt', flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: [{ uuid: await networkId(cloud, 'private') }] } };
  await assert.rejects(cloud.call('POST', '/compute/v2.1/servers', body));
  const found = await cloud.call('GET', '/compute/v2.1/servers?name=in-doubt');
  assert.equal(found.body.servers.length, 1, 'the server exists although the client got no answer');
});

test('IMPL-3 fault: stuck holds a state until the rules change; fail sends server ERROR, image killed', async (t) => {
  const cloud = await testCloud({ faults: { rules: [{ stuck: { resource: 'server', status: 'BUILD' } }] } });
  t.after(() => cloud.close());
  const created = await cloud.call('POST', '/compute/v2.1/servers', { server: { name: 'stuck', flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: 'auto' } });
  const id = created.body.server.id;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal((await cloud.call('GET', `/compute/v2.1/servers/${id}`)).body.server.status, 'BUILD');
  cloud.emu.admin.setFaults({ rules: [] });
  await cloud.waitFor(`/compute/v2.1/servers/${id}`, (b) => b.server.status, 'ACTIVE');

  cloud.emu.admin.setFaults({ rules: [{ fail: { resource: 'server', status: 'BUILD', name: '^doomed' } }, { fail: { resource: 'image' } }] });
  const doomed = await cloud.call('POST', '/compute/v2.1/servers', { server: { name: 'doomed-1', flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: 'auto' } });
  const errored = await cloud.waitFor(`/compute/v2.1/servers/${doomed.body.server.id}`, (b) => b.server.status, 'ERROR');
  assert.equal(errored.server.fault.message, 'No valid host was found. ');
  const snap = await cloud.call('POST', `/compute/v2.1/servers/${id}/action`, { createImage: { name: 'bad-snap' } }, { 'OpenStack-API-Version': 'compute 2.45' });
  await cloud.waitFor(`/image/v2/images/${snap.body.image_id}`, (b) => b.status, 'killed');
  await cloud.waitFor(`/compute/v2.1/servers/${id}`, (b) => b.server['OS-EXT-STS:task_state'], null);
});

test('IMPL-3 latency per action, set through the admin endpoint', async (t) => {
  const cloud = await testCloud({ timeScale: 1 });
  t.after(() => cloud.close());
  await bootServer(cloud, 'warm');
  assert.equal((await fetch(`${cloud.emu.url}/_emulator/latency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ 'flavor.list': 150 }) })).status, 204);
  const started = Date.now();
  await cloud.call('GET', '/compute/v2.1/flavors');
  assert.ok(Date.now() - started >= 140, 'flavor list was delayed');
  const quick = Date.now();
  await cloud.call('GET', '/compute/v2.1/flavors/1');
  assert.ok(Date.now() - quick < 140, 'other actions were not');
});
