/**
 * IMPL-4 crash test of an automatic recovery (IMPL-2, issue 12 item 6): the manager is a child
 * process fed KPI outcomes on stdin (`seamed-manager.ts`), SIGKILLed after VM_RECOVERY_INIT
 * while the hard reboot runs, and restarted on the same data folder. The open recovery resumes and
 * ends with VM_RECOVERY_COMPLETE; no server or port is left beyond the VM's own, and undeploy
 * leaves nothing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ChildManager } from '../support/child-manager.ts';
import { livenessKpi } from '../support/liveness-kpi.ts';
import { eventually } from '../support/manager.ts';

const vnfm = await ChildManager.create({ entry: fileURLToPath(new URL('../support/seamed-manager.ts', import.meta.url)) });
let passed = false;
after(() => vnfm.dispose(passed));

const deployment = `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>acme</name><deployments><deployment>
  <name>crashheal</name>
  <vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor>
    <bootup_time>2</bootup_time><recovery_wait_time>0</recovery_wait_time>
    <recovery_policy><action_on_recovery>REBOOT_THEN_REDEPLOY</action_on_recovery><max_retries>1</max_retries></recovery_policy>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>1</min_active><max_active>1</max_active></scaling>
    ${livenessKpi({ pollSecs: 3, actions: ['FALSE recover autohealing'] })}
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;

interface EventJson {
  eventType: string;
  status: string;
  escParameter: { depid?: string } | null;
  eventSourceContext: { generated_vmname?: string; vmid?: string } | null;
}

async function events(filter: string): Promise<EventJson[]> {
  const res = await fetch(`${vnfm.api}/events?${filter}&limit=1000`, { headers: { accept: 'application/json' } });
  assert.equal(res.status, 200);
  return (await res.json()) as EventJson[];
}

const waitFor = (vmName: string, type: string, ms: number) =>
  eventually(async () => ((await events(`vmName=${vmName}`)).some((e) => `${e.eventType} ${e.status}` === type) ? true : undefined), ms, type);

test('IMPL-4 IMPL-2 SIGKILL during an automatic recovery: after a restart it completes once, nothing leaked', { timeout: 90_000 }, async () => {
  await vnfm.start();
  const res = await fetch(`${vnfm.api}/deployments/crashheal`, { method: 'POST', body: deployment, headers: { 'content-type': 'application/xml' } });
  assert.equal(res.status, 201, await res.clone().text());
  const alive = await eventually(async () => (await events('deploymentName=crashheal')).find((e) => e.eventType === 'SERVICE_ALIVE'), 20_000, 'SERVICE_ALIVE');
  assert.equal(alive.status, 'SUCCESS');
  const deployed = (await events('deploymentName=crashheal')).find((e) => e.eventType === 'VM_DEPLOYED')!;
  const vmName = deployed.eventSourceContext!.generated_vmname!;
  const serverId = deployed.eventSourceContext!.vmid!;
  const ports = (await vnfm.cloud()).ports.length;

  // The guest stops answering for good: the reboot does not help, the redeploy's new server does.
  const guest = await fetch(`${vnfm.emulator}/guests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serverId, mode: 'never-boots' }) });
  assert.equal(guest.status, 204);
  await vnfm.setDurations({ serverReboot: 1500 });
  vnfm.send({
    deploymentId: deployed.escParameter!.depid, deploymentName: 'crashheal', tenant: 'acme', vmId: vmName, vmName, group: 'g',
    eventName: 'VM_ALIVE', outcome: 'FALSE', value: 0, threshold: 'GT 1', at: new Date().toISOString(),
  });
  await waitFor(vmName, 'VM_RECOVERY_INIT SUCCESS', 15_000);
  const atKill = (await events(`vmName=${vmName}`)).map((e) => e.eventType);
  await vnfm.kill();
  assert.ok(!atKill.includes('VM_RECOVERY_COMPLETE'), `killed mid-recovery: ${atKill.join(' ')}`);

  await vnfm.start();
  await waitFor(vmName, 'VM_RECOVERY_COMPLETE SUCCESS', 40_000);
  const sequence = (await events(`vmName=${vmName}`)).map((e) => e.eventType).filter((t) => t.startsWith('VM_RECOVERY'));
  assert.deepEqual(sequence, ['VM_RECOVERY_INIT', 'VM_RECOVERY_REBOOT', 'VM_RECOVERY_UNDEPLOYED', 'VM_RECOVERY_DEPLOYED', 'VM_RECOVERY_COMPLETE']);
  const cloud = await vnfm.cloud();
  assert.equal(cloud.servers.length, 1, `one server: ${JSON.stringify(cloud.servers)}`);
  assert.notEqual(cloud.servers[0]!.id, serverId);
  assert.equal(cloud.ports.length, ports, 'no port leaked');
  const opdata = await (await fetch(`${vnfm.api}/deployments/crashheal`)).text();
  assert.match(opdata, /<state>VM_ALIVE_STATE<\/state>/);

  const undeploy = await fetch(`${vnfm.api}/deployments/crashheal`, { method: 'DELETE' });
  assert.equal(undeploy.status, 200);
  await eventually(async () => ((await events('deploymentName=crashheal')).some((e) => e.eventType === 'SERVICE_UNDEPLOYED') ? true : undefined), 20_000, 'SERVICE_UNDEPLOYED');
  const left = await vnfm.cloud();
  assert.deepEqual([left.servers.length, left.ports.length, left.volumes.length], [0, 0, 0]);
  passed = true;
});
