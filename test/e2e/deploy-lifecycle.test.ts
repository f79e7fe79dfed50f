/**
 * IMPL-1 over real HTTP: deploy, read, update and undeploy a 2-group deployment with completion and
 * event callbacks received by a real HTTP listener; wire formats pinned by golden files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { HttpReceiver, ReceivedRequest } from '../../src/events/testing/http-receiver.ts';
import type { Manager } from '../../src/app/manager.ts';
import { assertGolden } from '../golden.ts';
import { day0FilesOn } from '../support/config-drive.ts';
import { cloudState, eventually, useManagerAndReceiver } from '../support/manager.ts';
import { normalize } from '../support/normalize.ts';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url);
const deploymentXml = readFileSync(fixture('two-group.xml'), 'utf8');

let manager: Manager;
let receiver: HttpReceiver;
let api: string;

useManagerAndReceiver((it) => ({ manager, receiver, api } = it));

function headersOf(r: ReceivedRequest): string {
  const keep = ['content-type', 'esc-transaction-id', 'esc-status-code', 'esc-status-message', 'esc-event-id'];
  return keep.filter((k) => r.headers[k] !== undefined).map((k) => `${k}: ${String(r.headers[k])}`).join('\n');
}

async function completion(txn: string): Promise<ReceivedRequest> {
  return eventually(() => receiver.requests.find((r) => r.path === '/done' && r.headers['esc-transaction-id'] === txn), 15_000, `completion of ${txn}`);
}

function eventsOf(txn: string): { type: string; status: string; vm?: string; body: Record<string, unknown> }[] {
  return receiver.requests
    .filter((r) => r.path === '/events' && r.headers['esc-transaction-id'] === txn)
    .map((r) => {
      const body = JSON.parse(r.body) as Record<string, unknown>;
      const source = body.eventSourceContext as { generated_vmname?: string } | null;
      return { type: String(body.eventType), status: String(body.status), vm: source?.generated_vmname, body };
    });
}

async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api}${path}`, {
    method,
    body,
    headers: { 'content-type': 'application/xml', callback: receiver.url('/done'), 'callback-esc-events': receiver.url('/events'), ...headers },
  });
}

test('IMPL-1 deploy: accepted at once, VMs built in dependency order, SERVICE_ALIVE and the completion callback', async () => {
  const res = await send('POST', '/deployments/shop', deploymentXml);
  assert.equal(res.status, 201, await res.clone().text());
  const txn = res.headers.get('esc-transaction-id');
  assert.ok(txn);

  const done = await completion(txn);
  assertGolden(new URL('fixtures/deploy-completion.golden.txt', import.meta.url).pathname, normalize(`${headersOf(done)}\n\n${done.body}`));
  await manager.outbox.drain(5_000);

  const events = eventsOf(txn);
  const types = events.map((e) => e.type);
  assert.equal(types[0], 'CREATE_TENANT');
  assert.deepEqual(types.slice(1, 3), ['CREATE_NETWORK', 'CREATE_SUBNET']);
  assert.equal(types.at(-1), 'SERVICE_ALIVE');
  const vms = [...new Set(events.filter((e) => e.vm).map((e) => e.vm!))];
  assert.equal(vms.length, 3);
  for (const vm of vms)
    assert.deepEqual(events.filter((e) => e.vm === vm).map((e) => e.type), ['VM_DEPLOYED', 'VM_ALIVE'], vm);
  // COMP-1: web depends on db, so db is alive before any web VM is deployed.
  const dbAlive = events.findIndex((e) => e.type === 'VM_ALIVE' && e.vm?.startsWith('shop_db_'));
  const firstWeb = events.findIndex((e) => e.vm?.startsWith('shop_web_'));
  assert.ok(dbAlive >= 0 && dbAlive < firstWeb, 'db alive before web starts');
  assert.ok(events.every((e) => e.status === 'SUCCESS'));
  const serviceAlive = events.at(-1)!.body;
  assertGolden(new URL('fixtures/service-alive-callback.golden.json', import.meta.url).pathname, normalize(JSON.stringify(serviceAlive, null, 2)));

  const cloud = cloudState(manager);
  assert.equal(cloud.servers.filter((s) => s.status === 'ACTIVE').length, 3);
  assert.equal(cloud.volumes.filter((v) => v.status === 'in-use').length, 1);
  assert.equal(cloud.ports.length, 4);
  assert.ok(cloud.ports.some((p) => p.fixed_ips[0]?.ip_address === '10.30.0.10'), 'fixed IP honoured');
  // Day-0: the config drive carries the file with its variables substituted.
  const web = cloud.servers.find((s) => s.name.startsWith('shop_web_0_'))!;
  const files = Object.entries(day0FilesOn(manager, web.id));
  assert.equal(files.length, 1);
  assert.equal(files[0]![0], '/day0.cfg');
  assert.match(files[0]![1], new RegExp(`^hostname ${web.name}\nlisten 192\\.0\\.2\\.\\d+\ntier front$`));
});

test('IMPL-1 read: opdata XML by default and its JSON mirror', async () => {
  const xml = await fetch(`${api}/deployments/shop`);
  assert.equal(xml.status, 200);
  assert.match(xml.headers.get('content-type') ?? '', /xml/);
  const xmlBody = await xml.text();
  assert.match(xmlBody, /<state>SERVICE_ACTIVE_STATE<\/state>/);
  assert.equal((xmlBody.match(/<state>VM_ALIVE_STATE<\/state>/g) ?? []).length, 3);
  const json = await fetch(`${api}/deployments/shop`, { headers: { accept: 'application/json' } });
  const body = (await json.json()) as { esc_datamodel: { opdata: { tenants: { tenant: { deployments: unknown[] }[] } } } };
  assert.equal(body.esc_datamodel.opdata.tenants.tenant[0]!.deployments.length, 1);
});

test('COMP-2/COMP-4 update: raising web min_active adds a VM; no VM_UPDATED (no existing VM changed); SERVICE_UPDATED', async () => {
  const updated = deploymentXml.replace('<min_active>2</min_active><max_active>4</max_active>', '<min_active>3</min_active><max_active>4</max_active>');
  const res = await send('PUT', '/deployments/shop', updated);
  assert.equal(res.status, 200, await res.clone().text());
  const txn = res.headers.get('esc-transaction-id')!;
  const done = await completion(txn);
  assert.equal(done.headers['esc-status-code'], '200');
  await manager.outbox.drain(5_000);
  const types = eventsOf(txn).map((e) => e.type);
  assert.deepEqual(types, ['VM_DEPLOYED', 'VM_ALIVE', 'SERVICE_UPDATED'], 'ESC sends VM_UPDATED per changed VM only (issue 12 item 2)');
  assert.equal(cloudState(manager).servers.length, 4);
});

test('IMPL-1 undeploy: everything removed from the VIM, SERVICE_UNDEPLOYED, the tenant stays', async () => {
  const res = await send('DELETE', '/deployments/shop');
  assert.equal(res.status, 200);
  const txn = res.headers.get('esc-transaction-id')!;
  const done = await completion(txn);
  assert.equal(done.headers['esc-status-code'], '200');
  await manager.outbox.drain(5_000);
  const events = eventsOf(txn);
  assert.equal(events.filter((e) => e.type === 'VM_UNDEPLOYED').length, 4);
  assert.deepEqual(events.slice(-3).map((e) => e.type), ['DELETE_SUBNET', 'DELETE_NETWORK', 'SERVICE_UNDEPLOYED']);
  assert.equal((await fetch(`${api}/deployments/shop`)).status, 404);
  const cloud = cloudState(manager);
  assert.deepEqual([cloud.servers.length, cloud.ports.length, cloud.volumes.length], [0, 0, 0]);
  assert.deepEqual(cloud.networks.map((n) => n.name).sort(), ['private', 'public']);
  assert.equal((await fetch(`${api}/tenants/acme`)).status, 200);
});

test('operability: /metrics counts the operations, the delivered callbacks and the time in the database', async () => {
  const text = await (await fetch(`${manager.url}/metrics`)).text();
  const counted = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  assert.ok(counted('openvnfm_store_statements_total') > counted('openvnfm_store_commits_total'), 'more statements than commits');
  assert.ok(counted('openvnfm_store_commits_total') > 0, 'the deploy and undeploy committed');
  assert.ok(counted('openvnfm_store_statement_seconds_total') > 0 && counted('openvnfm_store_commit_seconds_total') > 0, 'time counted');
  assert.match(text, /openvnfm_operations_finished_total\{kind="deploy",status="COMPLETED"\} 1/);
  assert.match(text, /openvnfm_operations_started_total\{kind="undeploy"\} 1/);
  const delivered = Number(/openvnfm_outbox_delivered_total (\d+)/.exec(text)?.[1]);
  assert.ok(delivered >= 20, `delivered callbacks counted (${delivered})`);
});
