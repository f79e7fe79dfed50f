import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootServer, testCloud, type TestCloud } from '../testing/client.ts';

async function alive(cloud: TestCloud, id: string): Promise<boolean> {
  const res = await fetch(`${cloud.emu.url}/_emulator/guests/${id}/alive`);
  return ((await res.json()) as { alive: boolean }).alive;
}

async function control(cloud: TestCloud, body: unknown): Promise<number> {
  const res = await fetch(`${cloud.emu.url}/_emulator/guests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.status;
}

test('IMPL-2 guest liveness: answers once ACTIVE, not while stopped; stops-answering heals on reboot', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const vm = await bootServer(cloud, 'g-1');
  const id = vm.server.id;
  assert.equal(await alive(cloud, id), true);
  assert.equal(await control(cloud, { serverId: id, mode: 'stops-answering' }), 204);
  assert.equal(await alive(cloud, id), false);
  await cloud.call('POST', `/compute/v2.1/servers/${id}/action`, { reboot: { type: 'HARD' } });
  await cloud.waitFor(`/compute/v2.1/servers/${id}`, (b) => b.server.status, 'ACTIVE');
  assert.equal(await alive(cloud, id), true);
  await cloud.call('POST', `/compute/v2.1/servers/${id}/action`, { 'os-stop': null });
  await cloud.waitFor(`/compute/v2.1/servers/${id}`, (b) => b.server.status, 'SHUTOFF');
  assert.equal(await alive(cloud, id), false);
  assert.equal(await alive(cloud, 'unknown'), false);
  assert.equal(await control(cloud, { serverId: 'unknown', mode: 'ok' }), 400);
});

test('IMPL-2 guest presets by name: never-boots and late apply to servers created afterwards', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  assert.equal(await control(cloud, { serverName: 'dead-vm', mode: 'never-boots' }), 204);
  assert.equal(await control(cloud, { serverName: 'slow-vm', mode: 'late', lateMs: 6000 }), 204);
  const dead = await bootServer(cloud, 'dead-vm');
  const slow = await bootServer(cloud, 'slow-vm');
  assert.equal(await alive(cloud, dead.server.id), false);
  assert.equal(await alive(cloud, slow.server.id), false);
  const answeredAfter = Date.now();
  while (!(await alive(cloud, slow.server.id))) await new Promise((r) => setTimeout(r, 10));
  assert.ok(Date.now() - answeredAfter >= 200, 'late guest answers only after lateMs (6000 ms × timeScale 0.05)');
  assert.equal(await alive(cloud, dead.server.id), false);
});

test('IMPL-2 guest metrics: set by id or by name (preset), merged, reported only while answering', async (t) => {
  const cloud = await testCloud();
  t.after(() => cloud.close());
  const metrics = async (id: string) => ((await (await fetch(`${cloud.emu.url}/_emulator/guests/${id}/metrics`)).json()) as { metrics: Record<string, number> | null }).metrics;
  assert.equal(await control(cloud, { serverName: 'busy-vm', metrics: { cpu: 95 } }), 204);
  const busy = await bootServer(cloud, 'busy-vm');
  assert.deepEqual(await metrics(busy.server.id), { cpu: 95 });
  assert.equal(await control(cloud, { serverId: busy.server.id, metrics: { memory: 40 } }), 204);
  assert.deepEqual(await metrics(busy.server.id), { cpu: 95, memory: 40 });
  assert.equal(await control(cloud, { serverId: busy.server.id, mode: 'stops-answering' }), 204);
  assert.equal(await metrics(busy.server.id), null);
  assert.equal(await control(cloud, { serverId: busy.server.id, metrics: { cpu: 'high' } }), 400);
  assert.equal(await control(cloud, { serverId: busy.server.id }), 400);
});
