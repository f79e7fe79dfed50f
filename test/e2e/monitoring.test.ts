/**
 * Monitoring after VM_ALIVE end to end (IMPL-2; issue 12 items 5 and 9) over real HTTP against the
 * embedded emulator, with the manager's own outcome sink (outcomes and drift logged at info level):
 * a KPI naming an unknown collector is refused; a guest's metric crossing its threshold raises TRUE,
 * then FALSE; a stopped service is not watched; a start and a restart re-arm; a server deleted
 * behind the manager's back is drift, observed once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Manager } from '../../src/app/manager.ts';
import { eventually, startTestManager, storeSnapshot, tempDataDir } from '../support/manager.ts';
import { monitorLog } from '../support/monitor-log.ts';

const ns = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"';

const kpi = (event: string, type: string, value: string, occurrences: string) => `
  <kpi>
    <event_name>${event}</event_name><metric_value>${value}</metric_value><metric_cond>GT</metric_cond><metric_type>UINT32</metric_type>
    ${occurrences}
    <metric_collector><type>${type}</type><nicid>0</nicid><poll_frequency>1</poll_frequency><polling_unit>seconds</polling_unit><continuous_alarm>false</continuous_alarm></metric_collector>
  </kpi>`;

const deployment = (name: string, cpuCollector = 'CPU') => `<?xml version="1.0" encoding="UTF-8"?>
<esc_datamodel xmlns="http://www.cisco.com/esc/esc">
  <tenants><tenant><name>watch</name><deployments><deployment>
    <name>${name}</name>
    <vm_group>
      <name>g</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>60</bootup_time><recovery_wait_time>10</recovery_wait_time>
      <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
      <scaling><min_active>1</min_active><max_active>1</max_active></scaling>
      <kpi_data>${kpi('VM_ALIVE', 'ICMPPing', '1', '')}${kpi('VM_OVERLOADED', cpuCollector, '80', '<metric_occurrences_true>2</metric_occurrences_true><metric_occurrences_false>2</metric_occurrences_false>')}
      </kpi_data>
    </vm_group>
  </deployment></deployments></tenant></tenants>
</esc_datamodel>`;

const { logger, lines: logged, until } = monitorLog();

const dataDir = tempDataDir();
let manager: Manager;
const api = () => `${manager.url}/ESCManager/v0`;

async function state(name: string): Promise<string | undefined> {
  return (await manager.engine.getDeployment(name).catch(() => undefined))?.deployment.state;
}

async function untilState(name: string, want: string): Promise<void> {
  await eventually(async () => ((await state(name)) === want ? true : undefined), 20_000, `${name} ${want}`);
}

async function serverId(): Promise<string> {
  return (await manager.engine.getDeployment('mon')).vms[0]!.serverId!;
}

async function guest(metrics: Record<string, number>): Promise<void> {
  const res = await fetch(`${manager.emulator!.url}/_emulator/guests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serverId: await serverId(), metrics }) });
  assert.equal(res.status, 204);
}

const untilLogged = (line: string, from: number) => until(line, from);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('IMPL-2 an unknown KPI collector is refused with 400 naming it, nothing changed', async () => {
  // The manager lives on for the next tests; the last one closes it.
  manager = await startTestManager({ dataDir, logger });
  const before = await storeSnapshot(manager);
  const res = await fetch(`${api()}/deployments/bad`, { method: 'POST', body: deployment('bad', 'telepathy'), headers: { 'content-type': 'application/xml' } });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /vm_group\[g\]\/kpi_data\/kpi\[VM_OVERLOADED\]\/metric_collector\/type telepathy is no known collector/);
  assert.equal(await storeSnapshot(manager), before);
});

test('IMPL-2 a guest metric above its threshold: TRUE after 2 polls, back below: FALSE after 2', async () => {
  const res = await fetch(`${api()}/deployments/mon`, { method: 'POST', body: deployment('mon'), headers: { 'content-type': 'application/xml' } });
  assert.equal(res.status, 201);
  await untilState('mon', 'SERVICE_ACTIVE_STATE');
  let at = await untilLogged('VM_ALIVE TRUE 1', 0);
  await guest({ cpu: 95 });
  at = await untilLogged('VM_OVERLOADED TRUE 95', at);
  await guest({ cpu: 10 });
  at = await untilLogged('VM_OVERLOADED FALSE 10', at);
  assert.deepEqual(logged.slice(0, at).filter((l) => l.startsWith('drift')), []);
});

test('IMPL-2 a stopped service is not watched; started, it is re-armed', async () => {
  const stop = await fetch(`${api()}/watch/deployments/service/mon`, { method: 'POST', body: `<service_operation ${ns}><operation>stop</operation></service_operation>`, headers: { 'content-type': 'application/xml' } });
  assert.equal(stop.status, 200);
  await untilState('mon', 'SERVICE_STOPPED_STATE');
  const from = logged.length;
  await sleep(1_500);
  assert.deepEqual(logged.slice(from), [], 'no outcome and no drift while stopped (the server is SHUTOFF)');
  const start = await fetch(`${api()}/watch/deployments/service/mon`, { method: 'POST', body: `<service_operation ${ns}><operation>start</operation></service_operation>`, headers: { 'content-type': 'application/xml' } });
  assert.equal(start.status, 200);
  await untilState('mon', 'SERVICE_ACTIVE_STATE');
  await untilLogged('VM_ALIVE TRUE 1', from);
});

test('IMPL-2 a restart reads the watched VMs back and re-arms them; a server deleted out of band is drift, once', async () => {
  await manager.close();
  manager = await startTestManager({ dataDir, logger });
  try {
    let at = await untilLogged('VM_ALIVE TRUE 1', logged.length);
    await guest({ cpu: 99 });
    at = await untilLogged('VM_OVERLOADED TRUE 99', at);
    await manager.vim.deleteServer({}, await serverId());
    at = await untilLogged('drift GONE', at);
    await sleep(1_500);
    assert.deepEqual(logged.slice(at), [], 'drift is reported once per change');
  } finally {
    await manager.close();
  }
});
