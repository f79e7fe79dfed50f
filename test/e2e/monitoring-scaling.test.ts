/**
 * COMP-3, COMP-4 with IMPL-2 end to end: a guest's CPU metric, read by the monitor's collectors,
 * drives its group's scaling rules (`TRUE servicescaleup.sh` / `TRUE servicescaledown.sh`) through the
 * rule engine and the scaling intent. Above the threshold: a scale-out whose new VM takes the next
 * static pool address on its real Neutron port; with the pool exhausted another scale-out is refused
 * (logged, nothing built); below the threshold: a scale-in that removes the newest VM and returns
 * its address, which the next scale-out takes again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Manager } from '../../src/app/manager.ts';
import { cloudState, eventually, useManagerAndReceiver } from '../support/manager.ts';
import { monitorLog } from '../support/monitor-log.ts';

let manager: Manager;
let api: string;
const seen = monitorLog();
useManagerAndReceiver((it) => ({ manager, api } = it), { logger: seen.logger });

const cpuKpi = (event: string, cond: string, value: number) => `<kpi><event_name>${event}</event_name><metric_value>${value}</metric_value>
  <metric_cond>${cond}</metric_cond><metric_type>UINT32</metric_type><metric_occurrences_true>1</metric_occurrences_true><metric_occurrences_false>1</metric_occurrences_false>
  <metric_collector><type>CPU</type><nicid>0</nicid><poll_frequency>1</poll_frequency><polling_unit>seconds</polling_unit><continuous_alarm>false</continuous_alarm></metric_collector></kpi>`;
const rule = (event: string, action: string) => `<rule><event_name>${event}</event_name><action>ALWAYS log</action><action>TRUE ${action}</action></rule>`;

const xml = `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>el</name><deployments><deployment>
  <name>elastic</name>
  <vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>30</bootup_time><recovery_wait_time>0</recovery_wait_time>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>1</min_active><max_active>3</max_active><elastic>true</elastic>
      <static_ip_address_pool><network>private</network><ip_address>192.0.2.70</ip_address><ip_address>192.0.2.71</ip_address></static_ip_address_pool>
    </scaling>
    <kpi_data>${cpuKpi('VM_OVERLOADED', 'GT', 80)}${cpuKpi('VM_UNDERLOADED', 'LT', 20)}</kpi_data>
    <rules><admin_rules>${rule('VM_OVERLOADED', 'servicescaleup.sh')}${rule('VM_UNDERLOADED', 'servicescaledown.sh')}</admin_rules></rules>
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;

/** The deployment's VMs by index: name, server and the address on its Neutron port. */
async function vms() {
  const view = await manager.engine.getDeployment('elastic');
  const ports = cloudState(manager).ports;
  return view.vms
    .sort((a, b) => a.index - b.index)
    .map((vm) => ({ name: vm.name, serverId: vm.serverId, address: ports.find((p) => p.id === vm.interfaces[0]!.portId)?.fixed_ips[0]?.ip_address }));
}

function cpu(serverId: string | undefined, value: number): void {
  manager.emulator!.admin.setGuest({ serverId: serverId!, metrics: { cpu: value } });
}

/** The events of the deployment after `from` once `last` arrived, as `TYPE STATUS`. */
async function eventsUntil(from: number, last: string): Promise<string[]> {
  return eventually(async () => {
    const events = (await manager.store.listEvents({ deploymentName: 'elastic', afterSeq: from })).map((e) => `${e.type} ${e.status}`);
    return events.includes(last) ? events : undefined;
  }, 20_000, last);
}

test('COMP-4 a CPU above its threshold scales out with the next pool address; the pool exhausted, the next is refused', async () => {
  const res = await fetch(`${api}/deployments/elastic`, { method: 'POST', body: xml, headers: { 'content-type': 'application/xml' } });
  assert.equal(res.status, 201, await res.clone().text());
  await eventually(async () => ((await manager.engine.getDeployment('elastic')).deployment.state === 'SERVICE_ACTIVE_STATE' ? true : undefined), 20_000, 'active');
  const [first] = await vms();
  assert.equal(first!.address, '192.0.2.70');

  let from = await manager.store.lastEventSeq();
  cpu(first!.serverId, 95);
  assert.deepEqual(await eventsUntil(from, 'VM_SCALE_OUT_COMPLETE SUCCESS'), [
    'VM_SCALE_OUT_INIT SUCCESS', 'VM_SCALE_OUT_DEPLOYED SUCCESS', 'VM_ALIVE SUCCESS', 'VM_SCALE_OUT_COMPLETE SUCCESS',
  ]);
  const [, second] = await vms();
  assert.equal(second!.address, '192.0.2.71', 'the new VM holds the next pool address on its Neutron port');

  from = await manager.store.lastEventSeq();
  const at = seen.messages.length;
  cpu(second!.serverId, 95);
  await eventually(() => seen.messages.slice(at).find((m) => /rule action .*not done: .*static_ip_address_pool\[private\] has no free address/.test(m)), 15_000, 'the refusal logged');
  await manager.engine.runner.idle();
  assert.deepEqual(await manager.store.listEvents({ deploymentName: 'elastic', afterSeq: from }), [], 'nothing built, nothing sent');
  assert.equal((await vms()).length, 2);
});

test('COMP-3, COMP-4 a CPU below its threshold scales in: the newest VM goes and its address returns to the pool', async () => {
  const [first, second] = await vms();
  let from = await manager.store.lastEventSeq();
  const at = seen.lines.length;
  cpu(second!.serverId, 50);
  cpu(first!.serverId, 10);
  assert.deepEqual(await eventsUntil(from, 'VM_SCALE_IN_COMPLETE SUCCESS'), ['VM_SCALE_IN_INIT SUCCESS', 'VM_UNDEPLOYED SUCCESS', 'VM_SCALE_IN_COMPLETE SUCCESS']);
  // Each KPI reads the metric at its own moment, and the scale-in may end within one poll: the
  // overload KPI must have read the dip (its FALSE) before a new rise is a change it raises.
  await seen.until('VM_OVERLOADED FALSE 10', at);
  await manager.engine.runner.idle();
  assert.deepEqual((await vms()).map((v) => v.name), [first!.name]);
  assert.equal(cloudState(manager).ports.some((p) => p.fixed_ips[0]?.ip_address === '192.0.2.71'), false, 'its port is gone');

  from = await manager.store.lastEventSeq();
  cpu(first!.serverId, 95);
  await eventsUntil(from, 'VM_SCALE_OUT_COMPLETE SUCCESS');
  assert.deepEqual((await vms()).map((v) => v.address), ['192.0.2.70', '192.0.2.71'], 'the returned address is handed out again');
});
