/**
 * Issue 13 item 5: the VIM's password and tokens never leave the manager. A full lifecycle against
 * a cloud whose admin password is distinctive (tenant, deploy, stop, start, reboot, VM reboot,
 * snapshot and its deletion, reads of everything, undeploy, tenant delete), with every log line at
 * trace level kept (request lines included); neither the password nor any token the cloud issued appears in a log line, an
 * answer (bodies and headers), a callback, the stored operations and events, or the metrics.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Manager } from '../../src/app/manager.ts';
import { startEmulator, type Emulator } from '../../emulator/emulator.ts';
import { readState } from '../../emulator/state/persistence.ts';
import { HttpReceiver } from '../../src/events/testing/http-receiver.ts';
import { runToCompletion } from '../support/callbacks.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';
import { startTestManager, tempDataDir } from '../support/manager.ts';

const secret = 'Vim-Pa55w0rd-7c1e9f-do-not-leak';
const cloudDir = tempDataDir();
const logLines: string[] = [];
const answers: string[] = [];
let cloud: Emulator;
let manager: Manager;
let receiver: HttpReceiver;
let api: string;

before(async () => {
  cloud = await startEmulator({ port: 0, adminPassword: secret, stateFile: join(cloudDir, 'state.json') });
  receiver = await HttpReceiver.start();
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(...chunk.toString().split('\n').filter(Boolean)), done()) });
  manager = await startTestManager({
    env: { OS_AUTH_URL: cloud.authUrl, OS_USERNAME: 'admin', OS_PASSWORD: secret, OS_PROJECT_NAME: 'admin', VNFM_LIVENESS: 'vim' },
    logger: pino({ level: 'trace' }, sink),
    // Per-request lines too (off by default since issue 14): they carry URLs and must not leak either.
    settings: { 'log.requests': 'true' },
  });
  api = `${manager.url}/ESCManager/v0`;
});
after(async () => {
  await manager.close();
  await receiver.close();
  await cloud.close();
});

/** Every answer is kept, headers and body. */
async function call(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  const res = await fetch(`${api}${path}`, { ...init, headers: { callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events'), ...init.headers } });
  answers.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.clone().text()}`);
  return res;
}
const xml = { 'content-type': 'application/xml' };
const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';
const run = async (res: Promise<Response>, accepted = 200) => {
  const { code } = await runToCompletion({ manager, receiver }, await res, accepted);
  assert.equal(code, '200');
};

test('issue 13 a full lifecycle leaks neither the VIM password nor its tokens', async () => {
  await run(call('/tenants/acme', { method: 'POST' }), 201);
  await run(call('/deployments/shop', { method: 'POST', body: oneVmDeployment({ tenant: 'acme', name: 'shop' }), headers: xml }), 201);
  for (const operation of ['stop', 'start', 'reboot'])
    await run(call('/acme/deployments/service/shop', { method: 'POST', body: `<service_operation ${ns}><operation>${operation}</operation></service_operation>`, headers: xml }));
  const [vm] = await manager.store.listVms();
  await run(call(`/acme/deployments/vm/${vm!.name}`, { method: 'POST', body: `<vm_operation ${ns}><operation>reboot</operation><force>true</force></vm_operation>`, headers: xml }));
  await run(call(`/acme/deployments/snapshot-vm/${vm!.name}`, { method: 'POST', body: '{"operation":"snapshot","name":"s1"}', headers: { 'content-type': 'application/json' } }));
  for (const path of ['/tenants', '/tenants/acme', '/deployments', '/deployments/shop', '/events?deployment=shop', '/snapshots', '/admin/settings', '/openapi.json'])
    for (const accept of ['application/xml', 'application/json']) await call(path, { headers: { accept } });
  answers.push(await (await fetch(`${manager.url}/metrics`)).text());
  await call('/deployments/nowhere', { headers: { accept: 'application/json' } });
  await run(call('/snapshots/s1', { method: 'DELETE' }));
  await run(call('/deployments/shop', { method: 'DELETE' }));
  await run(call('/tenants/acme', { method: 'DELETE' }));

  const tokens = Object.keys(readState(join(cloudDir, 'state.json'))!.tokens);
  assert.ok(tokens.length > 0, 'the cloud issued tokens');
  assert.ok(logLines.length > 20, `${logLines.length} log lines`);
  const stored = JSON.stringify([await manager.store.listOperations({}), await manager.store.listEvents({}), await manager.store.listOutbox()]);
  const callbacks = receiver.requests.map((r) => `${JSON.stringify(r.headers)} ${r.body}`);
  const places: [string, string[]][] = [['log lines', logLines], ['answers', answers], ['callbacks', callbacks], ['the store', [stored]]];
  for (const [where, texts] of places)
    for (const needle of [secret, ...tokens]) {
      const leak = texts.find((t) => t.includes(needle));
      assert.equal(leak, undefined, `${needle === secret ? 'the password' : 'a token'} in ${where}`);
    }
});
