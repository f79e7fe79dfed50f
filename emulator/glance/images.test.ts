import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testCloud } from '../testing/client.ts';

test('IMPL-3 Glance: 300 at the root, create queued, upload → active, download, filter by property, delete then 404', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const root = await fetch(`${cloud.emu.url}/image`);
  assert.equal(root.status, 300);
  const created = await cloud.call('POST', '/image/v2/images', { name: 'vnf-img', disk_format: 'qcow2', container_format: 'bare', openvnfm_tag: 'op-5' });
  assert.equal(created.status, 201);
  assert.equal(created.body.status, 'queued');
  assert.equal(created.body.size, null);
  const id = created.body.id;
  const up = await fetch(`${cloud.emu.url}/image/v2/images/${id}/file`, { method: 'PUT', headers: { 'x-auth-token': cloud.token, 'content-type': 'application/octet-stream' }, body: Buffer.from('disk-bytes') });
  assert.equal(up.status, 204);
  const shown = await cloud.call('GET', `/image/v2/images/${id}`);
  assert.equal(shown.body.status, 'active');
  assert.equal(shown.body.size, 10);
  assert.match(shown.body.checksum, /^[0-9a-f]{32}$/);
  const data = await fetch(`${cloud.emu.url}/image/v2/images/${id}/file`, { headers: { 'x-auth-token': cloud.token } });
  assert.equal(await data.text(), 'disk-bytes');
  const again = await fetch(`${cloud.emu.url}/image/v2/images/${id}/file`, { method: 'PUT', headers: { 'x-auth-token': cloud.token, 'content-type': 'application/octet-stream' }, body: 'x' });
  assert.equal(again.status, 409);
  const byProp = await cloud.call('GET', '/image/v2/images?openvnfm_tag=op-5');
  assert.deepEqual(byProp.body.images.map((i: any) => i.id), [id]);
  const byName = await cloud.call('GET', '/image/v2/images?name=cirros');
  assert.equal(byName.body.images.length, 1);
  const patched = await fetch(`${cloud.emu.url}/image/v2/images/${id}`, {
    method: 'PATCH',
    headers: { 'x-auth-token': cloud.token, 'content-type': 'application/openstack-images-v2.1-json-patch' },
    body: JSON.stringify([{ op: 'replace', path: '/name', value: 'renamed' }, { op: 'add', path: '/extra', value: 'x' }]),
  });
  const pbody = (await patched.json()) as any;
  assert.equal(pbody.name, 'renamed');
  assert.equal(pbody.extra, 'x');
  assert.equal((await cloud.call('DELETE', `/image/v2/images/${id}`)).status, 204);
  const gone = await cloud.call('GET', `/image/v2/images/${id}`);
  assert.equal(gone.status, 404);
  assert.match(String(gone.body), /<title>404 Not Found<\/title>/);
  const byNameMiss = await cloud.call('GET', '/image/v2/images/cirros');
  assert.equal(byNameMiss.status, 404, 'a name used as id is 404 so clients search by name');
});
