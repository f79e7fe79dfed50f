/**
 * COMP-2 service update over real HTTP against the embedded emulator, change by change as the rule
 * table says (`src/domain/update-rules.ts`): an interface added is a port attached to the running
 * server through Nova (os-interface) and shows in opdata; removed, it is detached and its port
 * deleted; a volume added is made and attached, removed it is detached and deleted; an image,
 * flavor or day-0 change is recorded and nothing is rebuilt; a change the table refuses answers 400
 * naming it and changes nothing; a failing step ends in VM_UPDATED and SERVICE_UPDATED FAILURE with
 * the service in error. Each update is `VM_UPDATED` per VM, then `SERVICE_UPDATED`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import type { Scope } from '../../src/vim/driver.ts';
import { runToCompletion, sendWithCallbacks } from '../support/callbacks.ts';
import { cloudState, eventually, storeSnapshot, useManagerAndReceiver } from '../support/manager.ts';

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it));

const nic = (nicid: number, network: string) => `<interface><nicid>${nicid}</nicid><network>${network}</network></interface>`;
const extra = `<network><name>extra</name><subnet><name>extra-v4</name><address>10.40.0.0</address><netmask>255.255.255.0</netmask><gateway>10.40.0.1</gateway></subnet></network>`;
interface Shape { interfaces?: string; volumes?: string; flavor?: string; day0?: string; group?: string; image?: string; pool?: string; networks?: string }
const base: Required<Shape> = { interfaces: nic(0, 'private'), volumes: '', flavor: 'm1.tiny', day0: '', group: 'g', image: 'cirros', pool: '', networks: extra };

const deployment = (o: Shape = {}) => {
  const s = { ...base, ...o };
  return `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>acme</name><deployments><deployment>
  <name>upd</name>
  ${s.networks ? `<networks>${s.networks}</networks>` : ''}
  <vm_group><name>${s.group}</name><image>${s.image}</image><flavor>${s.flavor}</flavor>
    <bootup_time>1</bootup_time><recovery_wait_time>0</recovery_wait_time>
    <interfaces>${s.interfaces}</interfaces>
    <scaling><min_active>1</min_active><max_active>1</max_active>${s.pool}</scaling>
    ${s.volumes ? `<volumes>${s.volumes}</volumes>` : ''}${s.day0 ? `<config_data><configuration><dst>day0.cfg</dst><data>${s.day0}</data></configuration></config_data>` : ''}
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;
};
const twoNics = nic(0, 'private') + nic(1, 'extra');

const update = async (o: Shape) => {
  const { code, events } = await runToCompletion({ manager, receiver }, await sendWithCallbacks({ api, receiver }, 'PUT', '/deployments/upd', deployment(o)));
  return { code, events: events.map((e) => [e.type, e.statusCode]) };
};
const vm = async () => (await manager.engine.getDeployment('upd')).vms[0]!;
const scope = async (): Promise<Scope> => ({ projectId: (await manager.store.getTenant('acme'))!.vimProjectId! });
const addressesOf = async (serverId: string) => Object.values((await manager.vim.getServer(await scope(), serverId))!.addresses).flat().map((a) => a.addr);
const portIds = () => cloudState(manager).ports.map((p) => p.id);
const updated = { code: '200', events: [['VM_UPDATED', '200'], ['SERVICE_UPDATED', '200']] };

test('setup: a deployment of one VM on one interface is active', async () => {
  const res = await sendWithCallbacks({ api, receiver }, 'POST', '/deployments/upd', deployment());
  assert.equal((await runToCompletion({ manager, receiver }, res, 201)).code, '200');
  assert.equal((await vm()).state, 'VM_ALIVE_STATE');
});

test('COMP-2 an interface added is a port attached to the running server: its address on the server and in opdata', async () => {
  const before = await vm();
  assert.deepEqual(await update({ interfaces: twoNics }), updated);
  const after = await vm();
  assert.equal(after.serverId, before.serverId, 'the server is kept');
  const added = after.interfaces.find((i) => i.nicid === 1)!;
  assert.match(added.ipAddress ?? '', /^10\.40\.0\./);
  assert.ok(portIds().includes(added.portId!));
  assert.ok((await addressesOf(after.serverId!)).includes(added.ipAddress!), 'the server shows the new address');
  const opdata = await (await fetch(`${api}/deployments/upd`)).text();
  assert.ok(opdata.includes(`<port_id>${added.portId}</port_id>`) && opdata.includes(`<ip_address>${added.ipAddress}</ip_address>`), opdata);
});

test('COMP-2 an attach whose answer is lost is read back, not sent again: one port, bound once', async () => {
  assert.deepEqual(await update({}), updated);
  const ports = portIds().length;
  manager.emulator!.admin.setFaults({ rules: [{ match: { action: 'server.interfaces.create' }, lostResponse: true, count: 1 }] });
  try {
    assert.deepEqual(await update({ interfaces: twoNics }), updated);
  } finally {
    manager.emulator!.admin.setFaults({ rules: [] });
  }
  const added = (await vm()).interfaces.find((i) => i.nicid === 1)!;
  assert.equal(portIds().length, ports + 1);
  assert.ok((await addressesOf((await vm()).serverId!)).includes(added.ipAddress!));
});

test('COMP-2 refused with 400 naming the change, nothing changed: nicid order, an interface\'s network, a group renamed', async () => {
  for (const [shape, message] of [
    [{ interfaces: nic(0, 'extra') + nic(1, 'private') }, 'interface 0 of vm_group [g] from network [private] to [extra]'],
    [{ interfaces: nic(0, 'private') + nic(1, 'private') }, 'interface 1 of vm_group [g] from network [extra] to [private]'],
    [{ interfaces: twoNics, group: 'g2' }, 'vm_group [g] renamed [g2]'],
  ] as const) {
    const before = await storeSnapshot(manager);
    const res = await sendWithCallbacks({ api, receiver }, 'PUT', '/deployments/upd', deployment(shape));
    const text = await res.text();
    assert.equal(res.status, 400, text);
    assert.ok(text.includes(`service update refused: ${message}`), text);
    await manager.engine.runner.idle();
    assert.equal(await storeSnapshot(manager), before);
  }
});

test('COMP-2 an interface removed is detached and its port deleted', async () => {
  const gone = (await vm()).interfaces.find((i) => i.nicid === 1)!;
  assert.deepEqual(await update({}), updated);
  const after = await vm();
  assert.deepEqual(after.interfaces.map((i) => i.nicid), [0]);
  assert.ok(!portIds().includes(gone.portId!), 'the port we made is deleted');
  assert.ok(!(await addressesOf(after.serverId!)).includes(gone.ipAddress!));
});

test('COMP-2 COMP-3 an interface added on a pool\u2019s network takes the pool\u2019s address on its Neutron port; removed, the address is free again', async () => {
  const pool = '<static_ip_address_pool><network>extra</network><ip_address>10.40.0.77</ip_address></static_ip_address_pool>';
  assert.deepEqual(await update({ interfaces: twoNics, pool }), updated);
  const added = (await vm()).interfaces.find((i) => i.nicid === 1)!;
  const port = () => cloudState(manager).ports.find((p) => p.id === added.portId);
  assert.deepEqual([added.ipAddress, port()?.fixed_ips[0]?.ip_address], ['10.40.0.77', '10.40.0.77']);
  assert.ok((await addressesOf((await vm()).serverId!)).includes('10.40.0.77'));
  assert.deepEqual(await update({ pool }), updated);
  assert.equal(port(), undefined);
  assert.deepEqual(await update({ interfaces: twoNics, pool }), updated);
  assert.equal((await vm()).interfaces.find((i) => i.nicid === 1)?.ipAddress, '10.40.0.77', 'the address was returned: taken again');
  assert.deepEqual(await update({}), updated);
});

test('COMP-2 a volume added is made and attached; removed, it is detached and deleted', async () => {
  assert.deepEqual(await update({ volumes: '<volume><name>data</name><size>1</size></volume>' }), updated);
  const { serverId, volumes } = await vm();
  const id = volumes.find((v) => v.name === 'data')?.volumeId;
  const attached = () => cloudState(manager).volumes.find((v) => v.id === id) as { status: string; attachments: { serverId: string }[] } | undefined;
  assert.deepEqual([attached()?.status, attached()?.attachments.map((a) => a.serverId)], ['in-use', [serverId]]);
  assert.deepEqual(await update({}), updated);
  assert.deepEqual((await vm()).volumes, []);
  await eventually(() => (attached() ? undefined : true), 5_000, 'the volume deleted');
});

test('COMP-2 REST-1 a flavor and day-0 change are recorded for the next redeploy: nothing is rebuilt or resized', async () => {
  const before = await vm();
  const server = () => cloudState(manager).servers.find((s) => s.id === before.serverId) as unknown as { flavorId: string } | undefined;
  const flavorBefore = server()?.flavorId;
  assert.deepEqual(await update({ flavor: 'm1.small', day0: 'hostname new' }), updated);
  const after = await vm();
  assert.deepEqual([after.serverId, after.flavor, server()?.flavorId], [before.serverId, 'm1.small', flavorBefore]);
  const group = (await manager.engine.getDeployment('upd')).deployment.spec.vmGroups[0]!;
  assert.equal(group.configData[0]?.data, 'hostname new');
});

test('COMP-2 REST-1 IMPL-2 the next redeploy (a manual recovery) boots the image, flavor and day-0 the updates recorded', async () => {
  const before = await vm();
  const image = await manager.vim.createServerImage(await scope(), before.serverId!, 'img-2', {});
  await eventually(async () => ((await manager.vim.getImage(await scope(), image))?.status === 'active' ? true : undefined), 5_000, 'img-2 active');
  assert.deepEqual(await update({ flavor: 'm1.small', day0: 'hostname new', image: 'img-2' }), updated);
  assert.deepEqual([(await vm()).serverId, (await vm()).image], [before.serverId, 'img-2'], 'recorded, not rebuilt');
  manager.emulator!.admin.setGuest({ serverId: before.serverId!, mode: 'never-boots' });
  const recovery = `<recovery_vm_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>DO</operation></recovery_vm_operation>`;
  const res = await sendWithCallbacks({ api, receiver }, 'POST', `/acme/deployments/recovery/${before.name}`, recovery);
  assert.equal((await runToCompletion({ manager, receiver }, res)).code, '200');
  const after = await vm();
  assert.notEqual(after.serverId, before.serverId, 'redeployed');
  const server = cloudState(manager).servers.find((s) => s.id === after.serverId) as unknown as { imageId: string; flavorId: string };
  const flavor = await manager.vim.findFlavor(await scope(), 'm1.small');
  assert.deepEqual([server.imageId, server.flavorId], [image, flavor!.id]);
  const userData = manager.emulator!.admin.configDrive(after.serverId!)?.['openstack/latest/user_data'] ?? '';
  assert.ok(userData.includes(Buffer.from('hostname new').toString('base64')), userData);
});

const failing: Shape = { interfaces: twoNics, flavor: 'm1.small', day0: 'hostname new' };
const withFaults = async <T>(rules: object[], run: () => Promise<T>): Promise<T> => {
  manager.emulator!.admin.setFaults({ rules: rules as never });
  try {
    return await run();
  } finally {
    manager.emulator!.admin.setFaults({ rules: [] });
  }
};

test('COMP-2 an attach that fails: VM_UPDATED and SERVICE_UPDATED FAILURE, the service in error', async () => {
  manager.emulator!.admin.setFaults({ rules: [{ match: { action: 'server.interfaces.create' }, status: 400, message: 'no room' }] });
  try {
    const { code, events } = await update(failing);
    assert.deepEqual([code, events.map(([type, status]) => `${type} ${status}`)], ['500', ['VM_UPDATED 500', 'SERVICE_UPDATED 500']]);
  } finally {
    manager.emulator!.admin.setFaults({ rules: [] });
  }
  assert.equal((await manager.engine.getDeployment('upd')).deployment.state, 'SERVICE_ERROR_STATE');
});

test('COMP-2 [I] the failed update\u2019s request sent again retries what did not land; sent once more, nothing is left to do', async () => {
  assert.deepEqual(await update(failing), updated);
  const after = await vm();
  const added = after.interfaces.find((i) => i.nicid === 1)!;
  assert.ok((await addressesOf(after.serverId!)).includes(added.ipAddress!), 'the interface is attached');
  assert.deepEqual([after.flavor, (await manager.engine.getDeployment('upd')).deployment.state], ['m1.small', 'SERVICE_ACTIVE_STATE']);
  assert.deepEqual(await update(failing), { code: '200', events: [['SERVICE_UPDATED', '200']] });
});

test('COMP-2 [I] after a failed update, a request without what it asked undoes what landed: the volume made for it is deleted', async () => {
  const withVolume = { ...failing, volumes: '<volume><name>data</name><size>1</size></volume>' };
  assert.equal((await withFaults([{ match: { action: 'server.attachments.create' }, status: 400, message: 'no room' }], () => update(withVolume))).code, '500');
  const made = (await vm()).volumes.find((v) => v.name === 'data')?.volumeId;
  assert.ok(made && cloudState(manager).volumes.some((v) => v.id === made), 'the volume was made');
  assert.deepEqual(await update(failing), updated);
  assert.deepEqual((await vm()).volumes, []);
  await eventually(() => (cloudState(manager).volumes.some((v) => v.id === made) ? undefined : true), 5_000, 'the volume deleted');
});

test('COMP-2 [I] a volume attached by an update that failed later (removing a network) is kept as it is when the request is sent again', async () => {
  const noExtra = { ...failing, interfaces: nic(0, 'private'), networks: '', volumes: '<volume><name>data</name><size>1</size></volume>' };
  const first = await withFaults([{ match: { action: 'subnet.delete' }, status: 400, message: 'in use' }], () => update(noExtra));
  assert.equal(first.code, '500');
  const { serverId, volumes } = await vm();
  const attached = () => cloudState(manager).volumes.find((v) => v.id === volumes[0]?.volumeId) as { status: string; attachments: { serverId: string }[] } | undefined;
  assert.deepEqual([attached()?.status, attached()?.attachments.map((a) => a.serverId)], ['in-use', [serverId]], 'the volume landed');
  const again = await update(noExtra);
  assert.deepEqual([again.code, again.events.filter(([type]) => type !== 'DELETE_SUBNET' && type !== 'DELETE_NETWORK')], ['200', updated.events]);
  assert.deepEqual((await vm()).volumes, volumes, 'the same volume');
  assert.equal(cloudState(manager).volumes.filter((v) => v.id !== volumes[0]?.volumeId && (v as { status: string }).status !== 'deleting').length, 0, 'no second volume');
  assert.equal(cloudState(manager).networks.some((n) => n.name.includes('extra')), false, 'the network removal retried');
});

