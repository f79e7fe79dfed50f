/**
 * IMPL-4 crash test: the manager is a child process, SIGKILLed in the middle of a deploy and
 * restarted on the same data folder and ports. The embedded emulator keeps its state in
 * `<data>/emulator/state.json`, so the VIM outlives the crash; servers still in BUILD finish after
 * the restart. The callback receiver is down from the first VM_DEPLOYED until after the restart,
 * so callbacks are pending in the outbox when the process dies and must be delivered afterwards.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HttpReceiver, type ReceivedRequest } from '../../src/events/testing/http-receiver.ts';
import { ChildManager } from '../support/child-manager.ts';
import { eventually } from '../support/manager.ts';

const deploymentXml = readFileSync(new URL('fixtures/two-group.xml', import.meta.url), 'utf8');
const vnfm = await ChildManager.create();
const receivers: HttpReceiver[] = [];
let passed = false;

after(async () => {
  await vnfm.dispose(passed);
  for (const r of receivers) await r.close().catch(() => undefined);
});

test('IMPL-4 SIGKILL mid-deploy: after a restart the deploy completes once, pending callbacks arrive, undeploy leaves nothing', { timeout: 60_000 }, async () => {
  const api = vnfm.api;
  const cloud = () => vnfm.cloud();
  const first = await HttpReceiver.start();
  receivers.push(first);
  const received = (): ReceivedRequest[] => receivers.flatMap((r) => r.requests);
  const callbackHeaders = { callback: first.url('/done'), 'callback-esc-events': first.url('/events') };

  await vnfm.start();
  // Slow enough that the kill lands while the web VMs build, and that db's VM_ALIVE follows its
  // VM_DEPLOYED only after the receiver is down (these durations live in memory: the restarted
  // emulator finishes the persisted transitions with its defaults).
  await vnfm.setDurations({ serverBuild: 2500, guestBoot: 1500 });

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
  await vnfm.kill();

  await vnfm.start();
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
