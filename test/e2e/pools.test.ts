/**
 * COMP-3 and issue 12 items 3 and 7 over real HTTP on the embedded emulator: static IP pool
 * addresses on the real Neutron ports, one VM at a time, the next one for a `min_active` raise, an
 * update beyond the pool refused unless it adds addresses, addresses returned by an undeploy (a new
 * deployment takes them) and kept across a restart; day-0 value pools, the built-in variables and
 * an http(s) template fetched from a loopback server (a failing one fails the VM, naming the URL).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Manager } from '../../src/app/manager.ts';
import type { Vm } from '../../src/domain/entities.ts';
import { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { runToCompletion, sendWithCallbacks } from '../support/callbacks.ts';
import { day0FilesOn } from '../support/config-drive.ts';
import { cloudState, startTestManager, storeSnapshot, tempDataDir } from '../support/manager.ts';

const dataDir = tempDataDir();
let manager: Manager;
let receiver: HttpReceiver;
let it: { api: string; receiver: HttpReceiver; manager: Manager };
const templates = createServer((req, res) => (req.url === '/remote.cfg' ? res.writeHead(200).end('remote $VM_GROUP $SITE') : res.writeHead(404).end()));
let templateBase = '';

async function start(): Promise<void> {
  manager = await startTestManager({ dataDir });
  it = { api: `${manager.url}/ESCManager/v0`, receiver, manager };
}

before(async () => {
  receiver = await HttpReceiver.start();
  await new Promise<void>((resolve) => templates.listen(0, '127.0.0.1', resolve));
  templateBase = `http://127.0.0.1:${(templates.address() as AddressInfo).port}`;
  await start();
});
after(async () => {
  await manager.close();
  await receiver.close();
  await new Promise((resolve) => templates.close(resolve));
});

/** One group `g` on the seeded `private` network (192.0.2.0/24) with a pool and a day-0 value pool. */
function deploymentXml(o: { name: string; minActive: number; pool?: string; sites?: string[]; remote?: string }): string {
  const sites = (o.sites ?? ['s1', 's2', 's3']).map((s) => `<val>${s}</val>`).join('');
  return `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>pt</name><deployments><deployment>
    <name>${o.name}</name>
    <vm_group>
      <name>g</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>60</bootup_time><recovery_wait_time>1</recovery_wait_time>
      <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
      <scaling><min_active>${o.minActive}</min_active><max_active>6</max_active>
        <static_ip_address_pool><network>private</network><gateway>192.0.2.1</gateway><netmask>255.255.255.0</netmask>
          ${o.pool ?? '<ip_address_range><start>192.0.2.50</start><end>192.0.2.51</end></ip_address_range><ip_address>192.0.2.60</ip_address>'}
        </static_ip_address_pool>
      </scaling>
      <config_data>
        <configuration><dst>day0.cfg</dst>
          <data>ip $NICID_0_IP_ADDRESS site $SITE dep $DEP_NAME tenant $TENANT group $VM_GROUP net $NICID_0_CIDR_ADDRESS/$NICID_0_CIDR_PREFIX mask $NICID_0_NETMASK gw $NICID_0_GATEWAY port $NICID_0_PORT_ID</data>
          <variable><name>SITE</name>${sites}</variable>
        </configuration>
        <configuration><dst>remote.cfg</dst><file>${templateBase}${o.remote ?? '/remote.cfg'}</file><variable><name>SITE</name>${sites}</variable></configuration>
      </config_data>
    </vm_group>
  </deployment></deployments></tenant></tenants></esc_datamodel>`;
}

const send = (method: string, name: string, body?: string) => sendWithCallbacks(it, method, `/deployments/${name}`, body ?? '');

/** Each VM of the deployment: its recorded address, the address of its real Neutron port, its day-0 files. */
async function vmsOf(name: string): Promise<{ vm: Vm; ip: string | undefined; port: string | undefined; files: Record<string, string> }[]> {
  const deployment = (await manager.store.listDeployments()).find((d) => d.name === name)!;
  const cloud = cloudState(manager);
  const vms = (await manager.store.listVms({ deploymentId: deployment.id })).sort((a, b) => a.index - b.index);
  return vms.map((vm) => {
    const nic = vm.interfaces[0]!;
    return { vm, ip: nic.ipAddress, port: cloud.ports.find((p) => p.id === nic.portId)?.fixed_ips[0]?.ip_address, files: day0FilesOn(manager, vm.serverId!) };
  });
}

const ipsOf = async (name: string) => (await vmsOf(name)).map((v) => v.port);

test('COMP-3 two VMs get distinct pool addresses on their Neutron ports, and distinct day-0 values', async () => {
  const { code } = await runToCompletion(it, await send('POST', 'pools', deploymentXml({ name: 'pools', minActive: 2 })), 201);
  assert.equal(code, '200');
  const vms = await vmsOf('pools');
  assert.deepEqual(vms.map((v) => [v.ip, v.port]), [['192.0.2.50', '192.0.2.50'], ['192.0.2.51', '192.0.2.51']]);
  const [first] = vms;
  const nic = first!.vm.interfaces[0]!;
  assert.equal(
    first!.files['/day0.cfg'],
    `ip 192.0.2.50 site s1 dep pools tenant pt group g net 192.0.2.0/24 mask 255.255.255.0 gw 192.0.2.1 port ${nic.portId}`,
  );
  assert.deepEqual(vms.map((v) => v.files['/remote.cfg']), ['remote g s1', 'remote g s2'], 'the http template, fetched, with each VM\u2019s own value');
});

test('COMP-4 a min_active raise takes the next free address and value', async () => {
  const { code } = await runToCompletion(it, await send('PUT', 'pools', deploymentXml({ name: 'pools', minActive: 3 })));
  assert.equal(code, '200');
  const vms = await vmsOf('pools');
  assert.deepEqual(vms.map((v) => v.port), ['192.0.2.50', '192.0.2.51', '192.0.2.60']);
  assert.deepEqual(vms.map((v) => v.files['/remote.cfg']), ['remote g s1', 'remote g s2', 'remote g s3']);
});

const refusals: { name: string; xml: () => string; message: RegExp }[] = [
  {
    name: 'an update adding VMs beyond the pool',
    xml: () => deploymentXml({ name: 'pools', minActive: 4, sites: ['s1', 's2', 's3', 's4'] }),
    message: /vm_group\[g\]\/scaling\/static_ip_address_pool\[private\] has no free address: all 3 are held/,
  },
  {
    name: 'an update adding VMs beyond the day-0 value pool',
    xml: () => deploymentXml({ name: 'pools', minActive: 4, pool: '<ip_address_range><start>192.0.2.50</start><end>192.0.2.59</end></ip_address_range>' }),
    message: /variable\[SITE\] has no free value: all 3 are held/,
  },
  {
    name: 'a pool address outside its subnet (the VIM\u2019s)',
    xml: () => deploymentXml({ name: 'pools', minActive: 3, pool: '<ip_address>192.0.2.50</ip_address><ip_address>192.0.2.51</ip_address><ip_address>192.0.2.60</ip_address><ip_address>10.9.9.9</ip_address>' }),
    message: /static_ip_address_pool\[private\]: 10\.9\.9\.9 is outside its subnet \(192\.0\.2\.0\/24\)/,
  },
  {
    name: 'a pool listing an address twice',
    xml: () => deploymentXml({ name: 'pools', minActive: 3, pool: '<ip_address_range><start>192.0.2.50</start><end>192.0.2.60</end></ip_address_range><ip_address>192.0.2.55</ip_address>' }),
    message: /static_ip_address_pool\[private\]: 192\.0\.2\.55 is already used by another entry of the pool/,
  },
];
for (const c of refusals) {
  test(`COMP-3 refused with 400 naming the pool, nothing changed: ${c.name}`, async () => {
    const before = await storeSnapshot(manager);
    const res = await send('PUT', 'pools', c.xml());
    assert.equal(res.status, 400);
    assert.match(await res.text(), c.message);
    assert.equal(await storeSnapshot(manager), before);
  });
}

test('COMP-3 an update adding addresses (and values) with the VMs is accepted', async () => {
  const pool = '<ip_address_range><start>192.0.2.50</start><end>192.0.2.51</end></ip_address_range><ip_address>192.0.2.60</ip_address><ip_address>192.0.2.61</ip_address>';
  const { code } = await runToCompletion(it, await send('PUT', 'pools', deploymentXml({ name: 'pools', minActive: 4, pool, sites: ['s1', 's2', 's3', 's4'] })));
  assert.equal(code, '200');
  assert.deepEqual(await ipsOf('pools'), ['192.0.2.50', '192.0.2.51', '192.0.2.60', '192.0.2.61']);
});

test('COMP-3 after a restart the held addresses stay held: a raise takes a free one, never a held one', async () => {
  await manager.close();
  await start();
  const pool = '<ip_address_range><start>192.0.2.50</start><end>192.0.2.51</end></ip_address_range><ip_address>192.0.2.60</ip_address><ip_address>192.0.2.61</ip_address><ip_address>192.0.2.62</ip_address>';
  const { code } = await runToCompletion(it, await send('PUT', 'pools', deploymentXml({ name: 'pools', minActive: 5, pool, sites: ['s1', 's2', 's3', 's4', 's5'] })));
  assert.equal(code, '200');
  assert.deepEqual(await ipsOf('pools'), ['192.0.2.50', '192.0.2.51', '192.0.2.60', '192.0.2.61', '192.0.2.62']);
});

test('COMP-3 an undeploy returns the addresses: a new deployment takes them on Neutron', async () => {
  assert.equal((await runToCompletion(it, await send('DELETE', 'pools'))).code, '200');
  assert.equal(cloudState(manager).ports.length, 0);
  assert.equal((await runToCompletion(it, await send('POST', 'pools2', deploymentXml({ name: 'pools2', minActive: 2 })), 201)).code, '200');
  assert.deepEqual(await ipsOf('pools2'), ['192.0.2.50', '192.0.2.51']);
});

test('issue 12 item 7 an http(s) day-0 template that cannot be fetched fails the VM, naming the URL and the reason', async () => {
  const { code, events } = await runToCompletion(it, await send('POST', 'nofetch', deploymentXml({ name: 'nofetch', minActive: 1, pool: '<ip_address>192.0.2.70</ip_address>', remote: '/missing.cfg' })), 201);
  assert.notEqual(code, '200');
  const deployed = events.find((e) => e.type === 'VM_DEPLOYED')!;
  assert.equal(deployed.status, 'FAILURE');
  assert.ok(deployed.message.includes(`${templateBase}/missing.cfg cannot be fetched: HTTP 404`), deployed.message);
});
