import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkId, testCloud } from '../testing/client.ts';

test('IMPL-3 ports: fixed IPs allocated or requested, 409 IpAddressAlreadyAllocated, filters and tags', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const net = await networkId(cloud, 'private');
  const auto = await cloud.call('POST', '/network/v2.0/ports', { port: { network_id: net, name: 'a', description: 'op-1/step-2' } });
  assert.equal(auto.status, 201);
  assert.equal(auto.body.port.fixed_ips[0].ip_address, '192.0.2.2');
  assert.match(auto.body.port.mac_address, /^fa:16:3e:/);
  const fixed = await cloud.call('POST', '/network/v2.0/ports', { port: { network_id: net, name: 'b', fixed_ips: [{ ip_address: '192.0.2.77' }] } });
  assert.equal(fixed.body.port.fixed_ips[0].ip_address, '192.0.2.77');
  const taken = await cloud.call('POST', '/network/v2.0/ports', { port: { network_id: net, fixed_ips: [{ ip_address: '192.0.2.77' }] } });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.NeutronError.type, 'IpAddressAlreadyAllocated');
  assert.equal((await cloud.call('PUT', `/network/v2.0/ports/${fixed.body.port.id}/tags/op-7`)).status, 201);
  const byTag = await cloud.call('GET', '/network/v2.0/ports?tags=op-7');
  assert.deepEqual(byTag.body.ports.map((p: any) => p.name), ['b']);
  const byDesc = await cloud.call('GET', `/network/v2.0/ports?description=${encodeURIComponent('op-1/step-2')}&fields=id&fields=name`);
  assert.deepEqual(byDesc.body.ports, [{ id: auto.body.port.id, name: 'a' }]);
  const byIp = await cloud.call('GET', `/network/v2.0/ports?fixed_ips=ip_address%3D192.0.2.77`);
  assert.equal(byIp.body.ports.length, 1);
  const bogus = await cloud.call('GET', '/network/v2.0/ports?bogus_filter=1');
  assert.equal(bogus.status, 400);
  assert.equal(bogus.body.NeutronError.message, "['bogus_filter'] is invalid attribute for filtering");
  const gone = await cloud.call('GET', '/network/v2.0/ports/nope');
  assert.deepEqual(gone.body, { NeutronError: { type: 'PortNotFound', message: 'Port nope could not be found.', detail: '' } });
  const netInUse = await cloud.call('DELETE', `/network/v2.0/networks/${net}`);
  assert.equal(netInUse.status, 409);
});

test('IMPL-3 networks and subnets: create, overlap refused, delete; floating IP shows in Nova addresses', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const net = await cloud.call('POST', '/network/v2.0/networks', { network: { name: 'mgmt', description: 'op-2' } });
  assert.equal(net.status, 201);
  const sub = await cloud.call('POST', '/network/v2.0/subnets', { subnet: { network_id: net.body.network.id, cidr: '10.9.0.0/24', ip_version: 4, name: 'mgmt-sub' } });
  assert.equal(sub.body.subnet.gateway_ip, '10.9.0.1');
  assert.deepEqual(sub.body.subnet.allocation_pools, [{ start: '10.9.0.2', end: '10.9.0.254' }]);
  const overlap = await cloud.call('POST', '/network/v2.0/subnets', { subnet: { network_id: net.body.network.id, cidr: '10.9.0.128/25', ip_version: 4 } });
  assert.equal(overlap.status, 400);
  const port = await cloud.call('POST', '/network/v2.0/ports', { port: { network_id: net.body.network.id } });
  const fip = await cloud.call('POST', '/network/v2.0/floatingips', { floatingip: { floating_network_id: await networkId(cloud, 'public'), port_id: port.body.port.id } });
  assert.equal(fip.status, 201);
  assert.equal(fip.body.floatingip.fixed_ip_address, '10.9.0.2');
  assert.match(fip.body.floatingip.floating_ip_address, /^203\.0\.113\./);
  assert.equal((await cloud.call('DELETE', `/network/v2.0/ports/${port.body.port.id}`)).status, 204);
  assert.equal((await cloud.call('DELETE', `/network/v2.0/networks/${net.body.network.id}`)).status, 204);
  assert.equal((await cloud.call('GET', `/network/v2.0/subnets/${sub.body.subnet.id}`)).status, 404);
});

test('IMPL-3 ports: the lowest free address first, also after deletes and a refused request (issue 12 index)', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const net = await networkId(cloud, 'private');
  const create = async (port: Record<string, unknown> = {}) => cloud.call('POST', '/network/v2.0/ports', { port: { network_id: net, ...port } });
  const ipOf = (r: { body: any }) => r.body.port.fixed_ips.map((f: any) => f.ip_address).join(',');
  const made = [];
  for (let i = 0; i < 5; i++) made.push(await create());
  assert.deepEqual(made.map(ipOf), ['192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6']);
  for (const gone of [made[3]!, made[1]!]) assert.equal((await cloud.call('DELETE', `/network/v2.0/ports/${gone.body.port.id}`)).status, 204);
  // A request that picks .3 and then fails on a taken address keeps nothing: .3 is still first.
  const subnet = made[0]!.body.port.fixed_ips[0].subnet_id;
  const refused = await create({ fixed_ips: [{ subnet_id: subnet }, { ip_address: '192.0.2.4' }] });
  assert.equal(refused.status, 409);
  assert.equal(ipOf(await create({ fixed_ips: [{ subnet_id: subnet }, { subnet_id: subnet }] })), '192.0.2.3,192.0.2.5');
  assert.equal(ipOf(await create({ fixed_ips: [{ ip_address: '192.0.2.7' }] })), '192.0.2.7');
  assert.equal(ipOf(await create()), '192.0.2.8');
});
