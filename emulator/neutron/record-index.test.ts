import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmuRequest } from '../http/types.ts';
import { bootServer, networkId, testCloud, type TestCloud } from '../testing/client.ts';
import { applyFilters } from './filters.ts';

/** The list as a scan of every port answers it: the filters over the whole collection (the admin sees all). */
function scanned(cloud: TestCloud, query: string): string[] {
  const all = cloud.emu.admin.dump().ports as { id: string }[];
  const attributes = new Set(Object.keys(all[0] ?? {}));
  return applyFilters(all as never, { query: new URLSearchParams(query) } as EmuRequest, attributes).map((p) => p.id);
}

const QUERIES = [
  'name=a', 'name=b', 'name=', 'name=None', 'name=a&name=b', 'description=x', 'description=None', 'description=', 'description=x&description=y',
  'tags=t1', 'tags=t1,t2', 'tags=t1&tags=t2', 'tags-any=t1,t3', 'tags-any=t9', 'name=b&tags=t1', 'name=nope', 'name=b&description=y', 'not-tags=t1&name=a',
];

async function compareAll(cloud: TestCloud): Promise<void> {
  for (const q of QUERIES) {
    const listed = (await cloud.call('GET', `/network/v2.0/ports?${q}`)).body.ports.map((p: { id: string }) => p.id);
    assert.deepEqual(listed, scanned(cloud, q), q);
  }
}

async function changeAndCompare(cloud: TestCloud): Promise<void> {
  const net = await networkId(cloud, 'private');
  const ids: string[] = [];
  const specs = [
    { name: 'a', description: 'x', tags: ['t1'] },
    { name: 'b', description: 'x', tags: ['t1', 't2'] },
    { name: 'a', description: 'y' },
    { name: 'b', description: 'y', tags: ['t3'] },
    { description: 'x' },
    { name: 'a', tags: ['t2'] },
  ];
  for (const spec of specs) ids.push((await cloud.call('POST', '/network/v2.0/ports', { port: { network_id: net, ...spec } })).body.port.id);
  await compareAll(cloud); // the index is built here; from now on the changes keep it
  // Changes of every indexed kind: rename, a description that is no string, tag routes, deletes, Nova's ports.
  const P = (i: number) => `/network/v2.0/ports/${ids[i]}`;
  assert.equal((await cloud.call('PUT', P(0), { port: { name: 'b' } })).status, 200);
  assert.equal((await cloud.call('PUT', P(2), { port: { description: null } })).status, 200);
  assert.equal((await cloud.call('PUT', `${P(2)}/tags/t1`)).status, 201);
  assert.equal((await cloud.call('PUT', `${P(3)}/tags`, { tags: ['t1', 't3'] })).status, 200);
  assert.equal((await cloud.call('DELETE', `${P(1)}/tags/t2`)).status, 204);
  assert.equal((await cloud.call('DELETE', `${P(5)}/tags`)).status, 204);
  assert.equal((await cloud.call('DELETE', P(4))).status, 204);
  const vm = await bootServer(cloud, 'vm-index');
  const gone = await bootServer(cloud, 'vm-gone');
  assert.equal((await cloud.call('DELETE', `/compute/v2.1/servers/${gone.server.id}`)).status, 204);
  await cloud.waitFor(`/compute/v2.1/servers/${gone.server.id}`, () => 'there', 404);
  await compareAll(cloud);
  // Paging walks the narrowed list as the scan's.
  const first = await cloud.call('GET', '/network/v2.0/ports?name=b&limit=1');
  assert.deepEqual(first.body.ports.map((p: { id: string }) => p.id), scanned(cloud, 'name=b').slice(0, 1));
  const next = await cloud.call('GET', `/network/v2.0/ports?name=b&limit=1&marker=${first.body.ports[0].id}`);
  assert.deepEqual(next.body.ports.map((p: { id: string }) => p.id), scanned(cloud, 'name=b').slice(1, 2));
  // A port deleted through Neutron leaves the server that lists it.
  const S = `/compute/v2.1/servers/${vm.server.id}`;
  assert.equal((await cloud.call('POST', `${S}/os-interface`, { interfaceAttachment: { port_id: ids[5] } })).status, 200);
  assert.equal((await cloud.call('GET', `${S}/os-interface`)).body.interfaceAttachments.length, 2);
  assert.equal((await cloud.call('DELETE', P(5))).status, 204);
  assert.deepEqual((await cloud.call('GET', `${S}/os-interface`)).body.interfaceAttachments.map((a: { port_id: string }) => a.port_id).includes(ids[5]), false);
}

test('IMPL-3 issue 14 Neutron lists by name, description and tags answer as a scan of every record, through changes', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  await changeAndCompare(cloud);
});

test('IMPL-3 issue 14 ... and so with a state file (records behind the change tracker), after a restart too', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-index-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const stateFile = join(dir, 'state.json');
  const cloud = await testCloud({ stateFile });
  try {
    await changeAndCompare(cloud);
  } finally {
    await cloud.close();
  }
  const again = await testCloud({ stateFile });
  t.after(() => again.close());
  await compareAll(again);
});

test('IMPL-3 issue 14 Nova list by an exact name (`^name$`) follows renames and deletes; other patterns still match as regexes', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const names = async (pattern: string) =>
    (await cloud.call('GET', `/compute/v2.1/servers/detail?name=${encodeURIComponent(pattern)}`)).body.servers.map((s: { name: string }) => s.name).sort();
  const one = await bootServer(cloud, 'vm.1');
  await bootServer(cloud, 'vm-1');
  assert.deepEqual(await names('^vm\\.1$'), ['vm.1']);
  assert.deepEqual(await names('^vm.1$'), ['vm-1', 'vm.1'], 'an unescaped dot is a regex');
  assert.equal((await cloud.call('PUT', `/compute/v2.1/servers/${one.server.id}`, { server: { name: 'renamed' } })).status, 200);
  assert.deepEqual(await names('^vm\\.1$'), []);
  assert.deepEqual(await names('^renamed$'), ['renamed']);
  assert.equal((await cloud.call('PUT', `/compute/v2.1/servers/${one.server.id}`, { server: { name: 'vm.1' } })).status, 200);
  assert.deepEqual(await names('^vm\\.1$'), ['vm.1']);
  assert.deepEqual(await names('^renamed$'), []);
  assert.equal((await cloud.call('DELETE', `/compute/v2.1/servers/${one.server.id}`)).status, 204);
  await cloud.waitFor(`/compute/v2.1/servers/${one.server.id}`, () => 'there', 404);
  assert.deepEqual(await names('^vm\\.1$'), []);
  assert.deepEqual(await names('^vm'), ['vm-1']);
});
