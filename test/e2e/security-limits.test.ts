/**
 * Issue 13, items 1, 2 and 6, over real HTTP: bounded input and names, day-0 files only from the
 * day-0 folder, callback headers naming a refused literal address. Each hostile request is refused with 400 naming the bound and its setting (or the
 * element), and the store is the same afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Manager } from '../../src/app/manager.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';
import { startTestManager, storeSnapshot, tempDataDir } from '../support/manager.ts';

const dataDir = tempDataDir();
const day0Dir = join(dataDir, 'day0');
let manager: Manager;
let api: string;

before(async () => {
  mkdirSync(day0Dir, { recursive: true });
  writeFileSync(join(dataDir, 'outside.cfg'), 'not for VMs');
  symlinkSync(join(dataDir, 'outside.cfg'), join(day0Dir, 'escape.cfg'));
  manager = await startTestManager({ dataDir });
  api = `${manager.url}/ESCManager/v0`;
  const res = await fetch(`${api}/deployments/shop`, { method: 'POST', body: oneVmDeployment({ tenant: 'acme', name: 'shop' }), headers: { 'content-type': 'application/xml' } });
  assert.equal(res.status, 201, await res.text());
  await manager.engine.runner.idle();
});
after(() => manager.close());

const one = (name: string, tenant = 'acme') => oneVmDeployment({ tenant, name });
const withScaling = (xml: string, n: number) => xml.replace('<min_active>1</min_active><max_active>1</max_active>', `<min_active>${n}</min_active><max_active>${n}</max_active>`);
const withGroups = (xml: string, n: number) => {
  const group = /<vm_group>[\s\S]*<\/vm_group>/.exec(xml)![0];
  return xml.replace(group, Array.from({ length: n }, (_, i) => group.replace('<name>g</name>', `<name>g${i}</name>`)).join(''));
};
const withInterfaces = (xml: string, n: number) =>
  xml.replace(/<interfaces>.*<\/interfaces>/, `<interfaces>${Array.from({ length: n }, (_, i) => `<interface><nicid>${i}</nicid><network>private</network></interface>`).join('')}</interfaces>`);
const withDay0 = (xml: string, file: string) =>
  xml.replace('</scaling>', `</scaling><config_data><configuration><dst>day0.cfg</dst><file>${file}</file></configuration></config_data>`);
const nested = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;

const cases: { name: string; method?: string; path: string; body?: string | Buffer; type?: string; headers?: Record<string, string>; message: RegExp }[] = [
  { name: 'min_active 100000', path: '/deployments/huge', body: withScaling(one('huge'), 100_000), message: /\[huge\] VMs \(the sum of max_active\): 100000 exceeds the bound of 1000 \(setting limits\.deployment\.vms\.max\)/ },
  { name: 'an update to 2000 VMs', method: 'PUT', path: '/deployments/shop', body: withScaling(one('shop'), 2000), message: /setting limits\.deployment\.vms\.max/ },
  { name: '65 vm_groups', path: '/deployments/wide', body: withGroups(one('wide'), 65), message: /vm_groups: 65 exceeds the bound of 64 \(setting limits\.deployment\.groups\.max\)/ },
  { name: '17 interfaces', path: '/deployments/nics', body: withInterfaces(one('nics'), 17), message: /vm_group \[g\] interfaces: 17 exceeds the bound of 16 \(setting limits\.vm\.interfaces\.max\)/ },
  { name: 'a tenant named a\\x01b', path: '/tenants/a%01b', message: /must not contain control character U\+0001/ },
  { name: 'a tenant named ../../etc', path: '/tenants/..%2F..%2Fetc', message: /must not contain \// },
  { name: 'a deployment in a tenant named a/b', path: '/deployments/slash', body: one('slash', 'a/b'), message: /tenant\/name must not contain \// },
  { name: 'a deployment named with a control character', path: '/deployments/bell%07', body: one('bell\u0007'), message: /control character U\+0007/ },
  { name: 'a tenant mapped to a project, named with 65 characters', path: `/tenants/${'t'.repeat(65)}`, message: /has 65 characters; a tenant mapped to a VIM project has at most 64 \(Keystone(&apos;|')s limit\)/ },
  { name: 'a deployment creating a 65-character tenant', path: '/deployments/longt', body: one('longt', 'u'.repeat(65)), message: /Keystone(&apos;|')s limit/ },
  { name: 'a body that is not UTF-8', path: '/tenants/latin', body: Buffer.concat([Buffer.from('<tenant><description>caf'), Buffer.from([0xe9]), Buffer.from('</description></tenant>')]), message: /request body is not valid UTF-8/ },
  { name: 'XML nested 65 deep', path: '/deployments/deep', body: nested(65), message: /nests deeper than 64 elements \(setting limits\.xml\.depth\.max\)/ },
  { name: 'JSON holding 100001 values', path: '/deployments/many', body: `{"a":[${Array(100_001).fill(1).join(',')}]}`, type: 'application/json', message: /more than 100000 elements \(setting limits\.xml\.elements\.max\)/ },
  { name: 'a day-0 file:///etc/passwd', path: '/deployments/steal', body: withDay0(one('steal'), 'file:///etc/passwd'), message: /vm_group\[g\]\/config_data\/configuration\[day0\.cfg\]\/file file:\/\/\/etc\/passwd is outside the day-0 folder \(setting day0\.file\.dir\)/ },
  { name: 'a day-0 file reached with ..', path: '/deployments/dots', body: withDay0(one('dots'), `file://${day0Dir}/../outside.cfg`), message: /is outside the day-0 folder/ },
  { name: 'a day-0 symbolic link leading outside', path: '/deployments/link', body: withDay0(one('link'), pathToFileURL(join(day0Dir, 'escape.cfg')).href), message: /leads outside the day-0 folder \(setting day0\.file\.dir\) through a symbolic link/ },
  { name: 'a callback to the cloud metadata address', path: '/deployments/meta', body: one('meta'), headers: { callback: 'http://169.254.169.254/latest/meta-data/' }, message: /header callback names an address the manager does not call: 169\.254\.169\.254 is the cloud metadata address/ },
  { name: 'an events callback to IPv4-mapped metadata', path: '/deployments/meta', body: one('meta'), headers: { 'callback-esc-events': 'http://[::ffff:169.254.169.254]/x' }, message: /header Callback-ESC-Events names an address .* the cloud metadata address/ },
  { name: 'a callback to link-local IPv6', method: 'DELETE', path: '/deployments/shop', headers: { callback: 'http://[fe80::1]:8080/x' }, message: /fe80::1 is link-local, always refused/ },
  { name: 'a callback to a public address', path: '/deployments/pub', body: one('pub'), headers: { callback: 'http://8.8.8.8/x' }, message: /8\.8\.8\.8 is not in the allowed networks \(setting egress\.allowed\.networks\)/ },
];

for (const c of cases)
  test(`issue 13 hostile input: ${c.name} → 400 naming the bound, nothing changed`, async () => {
    const before = await storeSnapshot(manager);
    const res = await fetch(`${api}${c.path}`, { method: c.method ?? 'POST', body: c.body, headers: { ...c.headers, ...(c.body !== undefined ? { 'content-type': c.type ?? 'application/xml' } : {}) } });
    const text = await res.text();
    assert.equal(res.status, 400, text);
    assert.match(text, c.message);
    await manager.engine.runner.idle();
    assert.equal(await storeSnapshot(manager), before);
  });

test('issue 13 limits.tenant.deployments.max refuses one deployment more, changed at run time', async (t) => {
  manager.config.set('limits.tenant.deployments.max', '1');
  t.after(() => manager.config.set('limits.tenant.deployments.max', '0'));
  const before = await storeSnapshot(manager);
  const res = await fetch(`${api}/deployments/second`, { method: 'POST', body: one('second'), headers: { 'content-type': 'application/xml' } });
  const text = await res.text();
  assert.equal(res.status, 400, text);
  assert.match(text, /tenant \[acme\] deployments: 2 exceeds the bound of 1 \(setting limits\.tenant\.deployments\.max\)/);
  assert.equal(await storeSnapshot(manager), before);
});

test('issue 13 a bound raised at run time lets the same deployment through', async (t) => {
  manager.config.set('limits.vm.interfaces.max', '0');
  t.after(() => manager.config.set('limits.vm.interfaces.max', '16'));
  const res = await fetch(`${api}/deployments/nics`, { method: 'POST', body: withInterfaces(one('nics'), 17), headers: { 'content-type': 'application/xml' } });
  assert.equal(res.status, 201, await res.text());
  await manager.engine.runner.idle();
});
