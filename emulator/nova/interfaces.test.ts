import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootServer, networkId, testCloud } from '../testing/client.ts';

test('COMP-2 os-interface: a free port attached shows in addresses; a bound one is 409; detach unbinds it, or deletes the port Nova made', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const vm = await bootServer(cloud, 'vm-nic');
  const other = await bootServer(cloud, 'vm-other');
  const S = `/compute/v2.1/servers/${vm.server.id}`;
  const net = await networkId(cloud, 'private');
  const port = (await cloud.call('POST', '/network/v2.0/ports', { port: { network_id: net, name: 'extra' } })).body.port;
  const attached = await cloud.call('POST', `${S}/os-interface`, { interfaceAttachment: { port_id: port.id } });
  assert.equal(attached.status, 200);
  assert.deepEqual([attached.body.interfaceAttachment.port_id, attached.body.interfaceAttachment.port_state], [port.id, 'ACTIVE']);
  const addrs = async () => Object.values((await cloud.call('GET', S)).body.server.addresses as Record<string, { addr: string }[]>).flat().map((a) => a.addr);
  assert.ok((await addrs()).includes(port.fixed_ips[0].ip_address));
  assert.equal((await cloud.call('GET', `/network/v2.0/ports/${port.id}`)).body.port.device_id, vm.server.id);
  const again = await cloud.call('POST', `/compute/v2.1/servers/${other.server.id}/os-interface`, { interfaceAttachment: { port_id: port.id } });
  assert.deepEqual([again.status, again.body.conflictingRequest?.message], [409, `Port ${port.id} is still in use.`]);
  assert.equal((await cloud.call('GET', `${S}/os-interface/${port.id}`)).status, 200);

  assert.equal((await cloud.call('DELETE', `${S}/os-interface/${port.id}`)).status, 202);
  assert.ok(!(await addrs()).includes(port.fixed_ips[0].ip_address));
  assert.equal((await cloud.call('GET', `/network/v2.0/ports/${port.id}`)).body.port.device_id, '', 'a port we gave is unbound, kept');
  assert.equal((await cloud.call('DELETE', `${S}/os-interface/${port.id}`)).status, 404, 'not attached');

  const made = await cloud.call('POST', `${S}/os-interface`, { interfaceAttachment: { net_id: net } });
  const madeId = made.body.interfaceAttachment.port_id;
  assert.equal((await cloud.call('DELETE', `${S}/os-interface/${madeId}`)).status, 202);
  assert.equal((await cloud.call('GET', `/network/v2.0/ports/${madeId}`)).status, 404, 'a port Nova made goes with the detach');
  assert.equal((await cloud.call('POST', `${S}/os-interface`, { interfaceAttachment: {} })).status, 400);
});
