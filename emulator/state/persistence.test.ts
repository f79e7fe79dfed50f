import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getToken, imageId, testCloud } from '../testing/client.ts';
import { startEmulator } from '../emulator.ts';

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
  const onDisk = JSON.parse(readFileSync(stateFile, 'utf8'));
  assert.equal(onDisk.servers[id].vmState, 'building', 'written before the 202 was sent');
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
