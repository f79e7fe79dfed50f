/**
 * IMPL-4 crash test: the manager is a child process, SIGKILLed in the middle of a deploy and
 * restarted on the same data folder and ports. The embedded emulator keeps its state in
 * `<data>/emulator/state.json`, so the VIM outlives the crash; servers still in BUILD finish after
 * the restart. The callback receiver is down from the first VM_DEPLOYED until after the restart,
 * so callbacks are pending in the outbox when the process dies and must be delivered afterwards.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpReceiver, reservePort, type ReceivedRequest } from '../../src/events/testing/http-receiver.ts';
import { eventually, fastPolling, tempDataDir } from '../support/manager.ts';

const cli = fileURLToPath(new URL('../../src/cli/vnfm.ts', import.meta.url));
const deploymentXml = readFileSync(new URL('fixtures/two-group.xml', import.meta.url), 'utf8');
const dataDir = tempDataDir();
const receivers: HttpReceiver[] = [];
let child: ChildProcess | undefined;
let output = '';
let passed = false;

after(async () => {
  child?.kill('SIGKILL');
  if (!passed) console.error(`manager output:\n${output}`);
  for (const r of receivers) await r.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

interface EmulatorState {
  servers: { id: string; name: string; status: string }[];
  ports: unknown[];
  volumes: unknown[];
}

/** Starts `vnfm serve` on the shared data folder (as `child`) and waits until its REST API answers. */
async function startChild(apiPort: number, emulatorPort: number): Promise<void> {
  // The compile cache makes the restart's cold start cheaper on a loaded machine.
  const env: NodeJS.ProcessEnv = { ...process.env, VNFM_LOG_LEVEL: 'warn', NODE_COMPILE_CACHE: join(dataDir, 'node-compile-cache') };
  for (const key of Object.keys(env)) if (key.startsWith('OS_') || key.startsWith('NODE_TEST')) delete env[key];
  const settings = Object.entries({ ...fastPolling, 'emulator.port': String(emulatorPort) }).filter(([k]) => k !== 'server.port');
  const args = [cli, 'serve', '--port', String(apiPort), '--data-dir', dataDir, ...settings.flatMap(([k, v]) => ['-D', `${k}=${v}`])];
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  let exited = false;
  proc.once('exit', () => (exited = true));
  await eventually(async () => {
    if (exited) throw new Error(`manager exited during start-up:\n${output}`);
    const res = await fetch(`http://127.0.0.1:${apiPort}/ESCManager/v0/tenants`).catch(() => undefined);
    return res?.ok ? true : undefined;
  }, 25_000, 'the manager to answer');
}

async function killChild(proc: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGKILL');
  await exited;
}

test('IMPL-4 SIGKILL mid-deploy: after a restart the deploy completes once, pending callbacks arrive, undeploy leaves nothing', { timeout: 60_000 }, async () => {
  const [apiPort, emulatorPort] = [await reservePort(), await reservePort()];
  const api = `http://127.0.0.1:${apiPort}/ESCManager/v0`;
  const emulator = `http://127.0.0.1:${emulatorPort}/_emulator`;
  const cloud = async () => (await (await fetch(`${emulator}/state`)).json()) as EmulatorState;
  const first = await HttpReceiver.start();
  receivers.push(first);
  const received = (): ReceivedRequest[] => receivers.flatMap((r) => r.requests);
  const callbackHeaders = { callback: first.url('/done'), 'callback-esc-events': first.url('/events') };

  await startChild(apiPort, emulatorPort);
  // Slow enough that the kill lands while the web VMs build, and that db's VM_ALIVE follows its
  // VM_DEPLOYED only after the receiver is down (these durations live in memory: the restarted
  // emulator finishes the persisted transitions with its defaults).
  const slowed = await fetch(`${emulator}/durations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serverBuild: 2500, guestBoot: 1500 }) });
  assert.ok(slowed.ok, `durations: ${slowed.status}`);

  const res = await fetch(`${api}/deployments/shop`, { method: 'POST', body: deploymentXml, headers: { 'content-type': 'application/xml', ...callbackHeaders } });
  assert.equal(res.status, 201, await res.clone().text());
  const txn = res.headers.get('esc-transaction-id');
  assert.ok(txn);
  const eventsOf = () => received().filter((r) => r.path === '/events' && r.headers['esc-transaction-id'] === txn);
  const typeOf = (r: ReceivedRequest) => String((JSON.parse(r.body) as { eventType: unknown }).eventType);

  await eventually(() => (eventsOf().some((r) => typeOf(r) === 'VM_DEPLOYED') ? true : undefined), 20_000, 'the first VM_DEPLOYED');
  const receiverPort = first.port;
  await first.close();
  // The web group starts only once db is alive: its servers in BUILD mean db's VM_ALIVE is in the
  // outbox (receiver down) and the deploy is half done.
  await eventually(async () => ((await cloud()).servers.some((s) => s.name.startsWith('shop_web_') && s.status === 'BUILD') ? true : undefined), 20_000, 'web servers in BUILD');
  assert.ok(!eventsOf().some((r) => typeOf(r) === 'VM_ALIVE'), 'no VM_ALIVE delivered before the kill');
  await killChild(child!);

  await startChild(apiPort, emulatorPort);
  receivers.push(await HttpReceiver.start(receiverPort));

  const done = await eventually(() => received().find((r) => r.path === '/done' && r.headers['esc-transaction-id'] === txn), 30_000, 'the deploy completion callback');
  assert.equal(done.headers['esc-status-code'], '200', done.body);
  await eventually(() => (eventsOf().some((r) => typeOf(r) === 'SERVICE_ALIVE') ? true : undefined), 10_000, 'SERVICE_ALIVE');

  // At-least-once: a duplicate carries the same ESC-Event-Id and the same body.
  const byId = new Map<string, ReceivedRequest>();
  for (const r of eventsOf()) {
    const id = String(r.headers['esc-event-id']);
    const seen = byId.get(id);
    if (seen) assert.equal(r.body, seen.body, `duplicate of event ${id} differs`);
    else byId.set(id, r);
  }
  const events = [...byId.values()].map((r) => {
    const body = JSON.parse(r.body) as { eventType: string; status: string; eventSourceContext?: { generated_vmname?: string } | null };
    return { type: body.eventType, status: body.status, vm: body.eventSourceContext?.generated_vmname };
  });
  assert.ok(events.every((e) => e.status === 'SUCCESS'), JSON.stringify(events));
  assert.equal(events.filter((e) => e.type === 'SERVICE_ALIVE').length, 1);
  const vms = [...new Set(events.flatMap((e) => (e.vm ? [e.vm] : [])))];
  assert.equal(vms.length, 3, vms.join(' '));
  for (const vm of vms) assert.deepEqual(events.filter((e) => e.vm === vm).map((e) => e.type), ['VM_DEPLOYED', 'VM_ALIVE'], vm);
  // The callbacks pending at the kill were delivered to the receiver started after the restart.
  const dbAlive = eventsOf().filter((r) => typeOf(r) === 'VM_ALIVE' && r.body.includes('shop_db_'));
  assert.ok(dbAlive.length > 0 && dbAlive.every((r) => receivers[1]!.requests.includes(r)), 'db VM_ALIVE delivered after the restart');

  const opdata = await (await fetch(`${api}/deployments/shop`)).text();
  assert.match(opdata, /<state>SERVICE_ACTIVE_STATE<\/state>/);
  assert.equal((opdata.match(/<state>VM_ALIVE_STATE<\/state>/g) ?? []).length, 3, opdata);
  const servers = (await cloud()).servers.filter((s) => s.name.startsWith('shop_'));
  assert.equal(servers.length, 3, `no duplicate servers from the replay: ${servers.map((s) => s.name).join(' ')}`);
  assert.ok(servers.every((s) => s.status === 'ACTIVE'), JSON.stringify(servers.map((s) => s.status)));

  const undeploy = await fetch(`${api}/deployments/shop`, { method: 'DELETE', headers: callbackHeaders });
  assert.equal(undeploy.status, 200);
  const undeployTxn = undeploy.headers.get('esc-transaction-id');
  const undone = await eventually(() => received().find((r) => r.path === '/done' && r.headers['esc-transaction-id'] === undeployTxn), 20_000, 'the undeploy completion callback');
  assert.equal(undone.headers['esc-status-code'], '200', undone.body);
  const left = await cloud();
  assert.deepEqual([left.servers.length, left.ports.length, left.volumes.length], [0, 0, 0]);
  passed = true;
});
