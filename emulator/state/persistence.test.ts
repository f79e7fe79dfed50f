import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getToken, imageId, testCloud } from '../testing/client.ts';
import { startEmulator } from '../emulator.ts';
import type { EmuState } from './model.ts';
import { fileState, readState } from './persistence.ts';

function tempState(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'emu-state-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'openstack.json');
}

test('IMPL-4 state file: a server made before close is there after restart, and a BUILD resumes to ACTIVE', async (t) => {
  const stateFile = tempState(t);
  const first = await testCloud({ stateFile, timeScale: 1 });
  const created = await first.call('POST', '/compute/v2.1/servers', { server: { name: 'survivor', flavorRef: '1', imageRef: await imageId(first, 'cirros'), networks: 'auto' } });
  assert.equal(created.status, 202);
  const id = created.body.server.id;
  assert.equal(readState(stateFile)?.servers[id]?.vmState, 'building', 'written before the 202 was sent');
  await first.close();

  const second = await testCloud({ stateFile, timeScale: 1 });
  t.after(() => second.close());
  const again = await second.call('GET', `/compute/v2.1/servers/${id}`);
  assert.equal(again.body.server.name, 'survivor');
  await second.waitFor(`/compute/v2.1/servers/${id}`, (b) => b.server.status, 'ACTIVE');
  const data = await fetch(`${second.emu.url}/image/v2/images/${await imageId(second, 'cirros')}/file`, { headers: { 'x-auth-token': second.token } });
  assert.equal(data.status, 200, 'image data survives in the blob folder');
});

function runMain(stateFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['emulator/main.ts', '--port', '0', '--state-file', stateFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /export OS_AUTH_URL=(http:\/\/[^/]+)\/identity\/v3/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
}

test('IMPL-4 SIGKILL: a restarted emulator (npm run emulator) finds its VMs where they were and honours old tokens', async (t) => {
  const stateFile = tempState(t);
  const a = await runMain(stateFile);
  const { token } = await getToken(`${a.url}/identity/v3`);
  const headers = { 'x-auth-token': token, 'content-type': 'application/json' };
  const images = (await (await fetch(`${a.url}/image/v2/images?name=cirros`, { headers })).json()) as any;
  const res = await fetch(`${a.url}/compute/v2.1/servers`, { method: 'POST', headers, body: JSON.stringify({ server: { name: 'vm-k', flavorRef: '1', imageRef: images.images[0].id, networks: 'auto' } }) });
  const id = ((await res.json()) as any).server.id;
  for (let i = 0; i < 100; i++) {
    const s = (await (await fetch(`${a.url}/compute/v2.1/servers/${id}`, { headers })).json()) as any;
    if (s.server.status === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await fetch(`${a.url}/compute/v2.1/servers/${id}/action`, { method: 'POST', headers, body: JSON.stringify({ 'os-stop': null }) });
  a.child.kill('SIGKILL');
  await new Promise((r) => a.child.once('exit', r));

  const b = await runMain(stateFile);
  t.after(() => b.child.kill('SIGKILL'));
  let status = '';
  for (let i = 0; i < 100 && status !== 'SHUTOFF'; i++) {
    const s = (await (await fetch(`${b.url}/compute/v2.1/servers/${id}`, { headers })).json()) as any;
    status = s.server.status;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(status, 'SHUTOFF', 'the stop accepted before the kill completes after the restart');
});

test('IMPL-4 in-memory mode writes nothing and starts from the seed each time', async (t) => {
  const emu = await startEmulator({ port: 0 });
  t.after(() => emu.close());
  const dump = emu.admin.dump();
  assert.deepEqual(dump.servers, []);
  assert.deepEqual((dump.networks as any[]).map((n) => n.name).sort(), ['private', 'public']);
  assert.deepEqual((dump.subnets as any[]).map((s) => s.cidr).sort(), ['192.0.2.0/24', '203.0.113.0/24']);
});

test('IMPL-4 issue 14 a save appends one JSON line per changed record beside the snapshot; a restart replays sets and deletes and ignores a torn last line', (t) => {
  const stateFile = tempState(t);
  const store = fileState(stateFile);
  const state = store.open(() => ({ format: 1, instanceSeq: 0, servers: {}, neutron: { ports: {} } }) as unknown as EmuState);
  const servers = state.servers as unknown as Record<string, { name: string }>;
  servers.a = { name: 'a' };
  servers.b = { name: 'b' };
  state.instanceSeq = 2;
  store.save();
  servers.a.name = 'a2';
  delete servers.b;
  state.neutron.ports.p = { id: 'p', project_id: 'x' };
  store.save();
  const logged = () => readFileSync(`${stateFile}.log`, 'utf8').split('\n').filter(Boolean);
  assert.deepEqual(logged().map((l) => Object.keys(JSON.parse(l))[0]), ['set', 'set', 'set', 'set', 'delete', 'set']);
  assert.deepEqual(JSON.parse(readFileSync(stateFile, 'utf8')).servers, {}, 'the snapshot is not rewritten per save');
  appendFileSync(`${stateFile}.log`, '{"set":["servers","c"],"val');
  const expected = { format: 1, instanceSeq: 2, servers: { a: { name: 'a2' } }, neutron: { ports: { p: { id: 'p', project_id: 'x' } } } };
  assert.deepEqual(readState(stateFile), expected);
  store.close();
  assert.deepEqual(logged(), [], 'a clean close folds the log into the snapshot');
  assert.deepEqual(JSON.parse(readFileSync(stateFile, 'utf8')), expected);
});

test('IMPL-4 issue 14 a log grown past its bound (1 MiB, or the snapshot when larger) is folded into the snapshot', (t) => {
  const stateFile = tempState(t);
  const store = fileState(stateFile);
  t.after(() => store.close());
  const state = store.open(() => ({ format: 1, servers: {} }) as unknown as EmuState);
  const servers = state.servers as unknown as Record<string, { note: string }>;
  servers.small = { note: 'x' };
  store.save();
  assert.equal(readFileSync(`${stateFile}.log`, 'utf8').split('\n').filter(Boolean).length, 1);
  servers.big = { note: 'x'.repeat(1 << 20) };
  store.save();
  assert.equal(readFileSync(`${stateFile}.log`, 'utf8'), '');
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(stateFile, 'utf8')).servers), ['small', 'big']);
});
