/**
 * A metric read by running a script (IMPL-2; issue 12 item 3): the real manager with a real
 * `monitor.scripts.dir`, a KPI whose `metric_collector` is `SCRIPT` naming its file by
 * `script_filename`. The script's number is the reading (TRUE above the threshold, FALSE below), the
 * VM is in its environment, output that is no number reads nothing and is logged, and a missing
 * script or a path is refused at request time with 400 naming it, nothing changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manager } from '../../src/app/manager.ts';
import { eventually, startTestManager, storeSnapshot } from '../support/manager.ts';
import { monitorLog } from '../support/monitor-log.ts';

const scripts = mkdtempSync(join(tmpdir(), 'openvnfm-metric-scripts-'));
// Prints what `value.txt` holds and notes the environment it was given.
writeFileSync(join(scripts, 'sessions.sh'), '#!/bin/sh\necho "$VM_NAME $VM_IP_ADDRESS $NICID_0_IP_ADDRESS $ESC_EVENT [$HOME]" > seen.txt\ncat value.txt\n');
chmodSync(join(scripts, 'sessions.sh'), 0o755);
const reading = (text: string) => writeFileSync(join(scripts, 'value.txt'), text);

const kpi = (event: string, type: string, properties = '') => `
  <kpi>
    <event_name>${event}</event_name><metric_value>10</metric_value><metric_cond>GT</metric_cond><metric_type>UINT32</metric_type>
    <metric_collector><type>${type}</type><nicid>0</nicid><poll_frequency>1</poll_frequency><polling_unit>seconds</polling_unit><continuous_alarm>false</continuous_alarm>${properties}</metric_collector>
  </kpi>`;

const script = (file: string) => `<properties><property><name>script_filename</name><value>${file}</value></property></properties>`;

const deployment = (name: string, file: string) => `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>scripted</name><deployments><deployment>
  <name>${name}</name>
  <vm_group>
    <name>g</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>60</bootup_time><recovery_wait_time>10</recovery_wait_time>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>1</min_active><max_active>1</max_active></scaling>
    <kpi_data>${kpi('VM_ALIVE', 'ICMPPing')}${kpi('SESSIONS_HIGH', 'SCRIPT', script(file))}</kpi_data>
  </vm_group>
</deployment></deployments></tenant></tenants></esc_datamodel>`;

const seen = monitorLog();
let manager: Manager;

test('issue 12 item 3: a script metric naming a missing file or a path is 400 naming it, nothing changed', async () => {
  // The manager lives on for the next test, which closes it.
  manager = await startTestManager({ logger: seen.logger, settings: { 'monitor.scripts.dir': scripts } });
  const before = await storeSnapshot(manager);
  const where = 'vm_group\\[g\\]/kpi_data/kpi\\[SESSIONS_HIGH\\]/metric_collector/properties/property\\[script_filename\\]';
  const cases: [string, RegExp][] = [
    ['missing.sh', new RegExp(`${where} missing.sh is no executable file in monitor.scripts.dir \\[${scripts}\\]`)],
    ['../sessions.sh', new RegExp(`${where} ../sessions.sh names a script by a path`)],
  ];
  for (const [file, message] of cases) {
    const res = await fetch(`${manager.url}/ESCManager/v0/deployments/bad`, { method: 'POST', body: deployment('bad', file), headers: { 'content-type': 'application/xml' } });
    assert.equal(res.status, 400, file);
    assert.match(await res.text(), message);
  }
  assert.equal(await storeSnapshot(manager), before);
});

test('issue 12 item 3: the number a script prints is the KPI reading; the VM is in its environment; no number reads nothing, logged', async (t) => {
  t.after(async () => {
    await manager.close();
    rmSync(scripts, { recursive: true, force: true });
  });
  reading('5\n');
  const res = await fetch(`${manager.url}/ESCManager/v0/deployments/sessions`, { method: 'POST', body: deployment('sessions', 'sessions.sh'), headers: { 'content-type': 'application/xml' } });
  assert.equal(res.status, 201);
  let at = await seen.until('SESSIONS_HIGH FALSE 5', 0, 30_000);
  const vm = (await manager.engine.getDeployment('sessions')).vms[0]!;
  const ip = vm.interfaces[0]!.ipAddress!;
  assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
  assert.equal(readFileSync(join(scripts, 'seen.txt'), 'utf8'), `${vm.name} ${ip} ${ip} SESSIONS_HIGH []\n`, "the VM, not the manager's environment");
  reading('20');
  at = await seen.until('SESSIONS_HIGH TRUE 20', at);
  const messages = seen.messages.length;
  reading('lots of sessions');
  await eventually(() => seen.messages.slice(messages).find((m) => m.includes('read no value: script [sessions.sh] printed [lots of sessions], not a number')), 15_000, 'the bad output logged');
  reading('3');
  at = await seen.until('SESSIONS_HIGH FALSE 3', at);
  assert.deepEqual(seen.lines.slice(0, at).filter((l) => l.startsWith('SESSIONS_HIGH') && !/ (5|20|3)$/.test(l)), [], 'the bad output raised nothing');
});
