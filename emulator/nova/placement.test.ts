import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageId, networkId, testCloud, type TestCloud } from '../testing/client.ts';
import { HOSTS, noValidHost } from './placement.ts';

const S = '/compute/v2.1/servers';

/** Boots a server (in `group` when given, at `az` when given) and waits until it leaves BUILD. */
async function boot(cloud: TestCloud, name: string, o: { group?: string; az?: string } = {}): Promise<{ status: string; host: string | null; fault?: { message: string } }> {
  const res = await cloud.call('POST', S, {
    server: { name, flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: [{ uuid: await networkId(cloud, 'private') }], ...(o.az && { availability_zone: o.az }) },
    ...(o.group && { 'os:scheduler_hints': { group: o.group } }),
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  await cloud.waitFor(`${S}/${res.body.server.id}`, (b) => (b.server.status === 'BUILD' ? 'BUILD' : 'settled'), 'settled');
  const s = (await cloud.call('GET', `${S}/${res.body.server.id}`)).body.server;
  return { status: s.status, host: s['OS-EXT-SRV-ATTR:host'], fault: s.fault };
}

async function group(cloud: TestCloud, policy: string): Promise<string> {
  const res = await cloud.call('POST', '/compute/v2.1/os-server-groups', { server_group: { name: policy, policy } }, { 'openstack-api-version': 'compute 2.64' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.server_group.id;
}

test('COMP-1 affinity keeps a group on one host; soft anti-affinity spreads and then shares', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const together = await group(cloud, 'affinity');
  const a = await boot(cloud, 'a1', { group: together });
  const b = await boot(cloud, 'a2', { group: together });
  assert.equal(b.host, a.host);
  const soft = await group(cloud, 'soft-anti-affinity');
  const placed = [await boot(cloud, 's1', { group: soft }), await boot(cloud, 's2', { group: soft }), await boot(cloud, 's3', { group: soft })];
  assert.deepEqual(placed.map((s) => s.status), ['ACTIVE', 'ACTIVE', 'ACTIVE']);
  assert.deepEqual([placed[0]!.host, placed[1]!.host].sort(), [...HOSTS]);
});

test('COMP-1 strict anti-affinity beyond the hosts is NoValidHost; an admin names a host as zone:host', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const apart = await group(cloud, 'anti-affinity');
  const placed = [await boot(cloud, 'p1', { group: apart }), await boot(cloud, 'p2', { group: apart }), await boot(cloud, 'p3', { group: apart })];
  assert.deepEqual(placed.map((s) => s.status), ['ACTIVE', 'ACTIVE', 'ERROR']);
  assert.equal(placed[2]!.fault?.message, noValidHost);
  assert.equal((await boot(cloud, 'h1', { az: 'nova:emu-compute-2' })).host, 'emu-compute-2');
  assert.equal((await boot(cloud, 'h2', { az: 'nova:no-such-host' })).status, 'ERROR');
});
