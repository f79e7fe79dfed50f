/**
 * Issue 15, the monitor with several managers: two managers (`vnfm serve` children) on one
 * PostgreSQL and a standalone emulator, liveness read from the VIM. Each deployment is watched by one
 * live manager (rendezvous hashing, src/monitor/ownership.ts): a server deleted behind the managers'
 * backs is seen by one manager — one VM_DRIFT_DETECTED, not one per manager — and recovered once:
 * one VM_RECOVERY_INIT, one recovery operation (the recovery's accept transaction alone refuses a
 * second recovery of a VM already recovering; the drift event, the VM_ALIVE notifications and the
 * VIM polls had no such guard).
 * The manager watching a deployment is SIGKILLed: the other takes the watching over, and a later
 * failure of that deployment is recovered (once). Skips without a reachable PostgreSQL (fails under CI).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { watcherOf } from '../../src/monitor/ownership.ts';
import { testDatabase } from '../../src/store/postgres/testing/test-database.ts';
import { connectorFromEnv } from '../../src/vim/openstack/connector.ts';
import { createOpenStackDriver } from '../../src/vim/openstack/openstack-driver.ts';
import { livenessKpi } from '../support/liveness-kpi.ts';
import { eventually } from '../support/manager.ts';
import { postgresCluster } from '../support/postgres-cluster.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());

const names = ['hm0', 'hm1', 'hm2', 'hm3'];

const deployment = (name: string) => `<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>hmt</name><deployments><deployment>
  <name>${name}</name>
  <vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor>
    <bootup_time>5</bootup_time><recovery_wait_time>2</recovery_wait_time>
    <recovery_policy><action_on_recovery>REBOOT_THEN_REDEPLOY</action_on_recovery><max_retries>1</max_retries></recovery_policy>
    <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
    <scaling><min_active>1</min_active><max_active>1</max_active></scaling>
    ${livenessKpi({ pollSecs: 1, actions: ['FALSE recover autohealing'] })}
  </vm_group></deployment></deployments></tenant></tenants></esc_datamodel>`;

/** The members a node last logged (the monitor logs each change at info): its own instance id and the live ones. */
function membersOf(output: string): { self: string; live: string[] } | undefined {
  let members: { self: string; live: string[] } | undefined;
  for (const line of output.split('\n')) if (line.includes('"self"')) members = JSON.parse(line) as { self: string; live: string[] };
  return members;
}

describe('issue 15: the monitor with two managers on one PostgreSQL', { skip }, () => {
  test('a failed VM is recovered once; its watcher killed, the other manager watches and recovers it', { timeout: 180_000 }, async (t) => {
    // At info level each node logs its members (the monitor's line names its own instance id).
    const pc = await postgresCluster(t, db!, { size: 2, env: { VNFM_LOG_LEVEL: 'info' } });
    const { receiver, cluster: c } = pc;
    const vim = createOpenStackDriver(connectorFromEnv(pc.emulator.env));
    t.after(() => vim.close());

    for (const [i, name] of names.entries()) {
      const res = await fetch(`${c.api(i % 2)}/deployments/${name}`, { method: 'POST', headers: { 'content-type': 'application/xml', callback: receiver.url('/done') }, body: deployment(name) });
      assert.equal(res.status, 201, await res.text());
    }
    await eventually(() => (receiver.requests.filter((r) => r.path === '/done').length === names.length ? true : undefined), 60_000, 'every deploy to complete');
    assert.ok(receiver.requests.every((r) => r.headers['esc-status-code'] === '200'), JSON.stringify(receiver.requests.map((r) => r.body)));

    const one = async (sql: string, params: unknown[]) => (await pc.query<Record<string, string>>(sql, params))[0]!;
    const deploymentId = async (name: string) => (await one('SELECT id FROM deployments WHERE name = $1', [name])).id!;
    const serverOf = async (name: string) => (await one("SELECT json->>'serverId' AS s FROM vms WHERE deployment_id = (SELECT id FROM deployments WHERE name = $1)", [name])).s!;
    const count = async (sql: string, name: string) => Number((await one(sql, [name])).n);
    const recoveries = (name: string) => count("SELECT count(*) AS n FROM operations WHERE kind = 'vm.recover' AND json->>'deploymentName' = $1", name);
    const inits = (name: string) => count("SELECT count(*) AS n FROM events WHERE type = 'VM_RECOVERY_INIT' AND deployment_name = $1", name);
    const drifts = (name: string) => count("SELECT count(*) AS n FROM events WHERE type = 'VM_DRIFT_DETECTED' AND deployment_name = $1", name);
    const recovered = (name: string, times: number) =>
      eventually(async () => ((await count("SELECT count(*) AS n FROM events WHERE type = 'VM_RECOVERY_COMPLETE' AND deployment_name = $1", name)) >= times ? true : undefined), 60_000, `${name} recovered`);
    // Both managers know each other before anything fails.
    const selves = await eventually(() => {
      const seen = c.nodes.map((n) => membersOf(n.output));
      return seen.every((m) => m?.live.length === 2) ? seen.map((m) => m!.self) : undefined;
    }, 30_000, 'both managers to see each other');

    // One failure, two monitors: recovered once.
    const [first, second] = names;
    await vim.deleteServer({}, await serverOf(first!));
    await recovered(first!, 1);
    assert.equal(await recoveries(first!), 1, 'one recovery operation');
    assert.equal(await inits(first!), 1, 'one VM_RECOVERY_INIT');
    assert.equal(await drifts(first!), 1, 'the drift seen by one manager: one VM_DRIFT_DETECTED');

    // The watcher of the second deployment is killed; the survivor takes its watching over.
    const victim = selves.indexOf(watcherOf(await deploymentId(second!), selves)!);
    await c.kill(victim);
    await vim.deleteServer({}, await serverOf(second!));
    await recovered(second!, 1);
    assert.equal(await recoveries(second!), 1);
    assert.equal(await inits(second!), 1);
    assert.equal(await drifts(second!), 1);
    // The first one's count has not grown meanwhile, and nothing else was recovered.
    assert.equal(await recoveries(first!), 1);
    assert.equal(await inits(first!), 1);
    for (const name of names.slice(2)) assert.equal(await recoveries(name), 0, name);
  });
});
