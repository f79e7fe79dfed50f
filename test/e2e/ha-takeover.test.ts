/**
 * Issue 15 items 2 and 6 end to end: two managers (`vnfm serve` children) on one PostgreSQL and a
 * standalone emulator. Deployments are sent to both in turn; one manager is killed (SIGKILL) while it
 * runs some of them; the other takes its keys over once its lease runs out and completes every
 * operation: each deploy COMPLETED once, one server and one port per VM on the VIM, the takeover
 * counted in `/metrics`, the dead manager gone from `GET /cluster`. Before that, an undeploy
 * accepted on one manager cancels the deploy the other runs (the cancel request in the database). Skips without a reachable
 * PostgreSQL (fails under CI).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { testDatabase } from '../../src/store/postgres/testing/test-database.ts';
import { eventually } from '../support/manager.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';
import { postgresCluster } from '../support/postgres-cluster.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());

const deployments = 12;

interface ClusterView {
  instances: { id: string; host: string; heartbeatAgeMs: number; operations: string[] }[];
}

describe('issue 15: two managers on one PostgreSQL', { skip }, () => {
  test('one is killed mid-deploy: the other takes its work over and completes every operation once', { timeout: 180_000 }, async (t) => {
    const pc = await postgresCluster(t, db!, { size: 2 });
    const { emulator, receiver, cluster } = pc;
    // Slow builds, so the kill finds deploys in flight on the node it kills.
    await emulator.setDurations({ serverBuild: 3000 });
    const view = async (i: number): Promise<ClusterView> => (await (await fetch(`${cluster.api(i)}/cluster`)).json()) as ClusterView;
    assert.equal((await view(0)).instances.length, 2);

    // An undeploy accepted on node 1 for a deploy node 0 runs: node 0 sees the cancel request within a heartbeat.
    const accepted = await fetch(`${cluster.api(0)}/deployments/hacancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', callback: receiver.url('/done') },
      body: oneVmDeployment({ tenant: 'hat', name: 'hacancel' }),
    });
    assert.equal(accepted.status, 201, await accepted.text());
    const deployTxn = accepted.headers.get('esc-transaction-id')!;
    await eventually(async () => ((await view(1)).instances.some((i) => i.operations.includes(deployTxn)) ? true : undefined), 30_000, 'the deploy to run');
    const undeploy = await fetch(`${cluster.api(1)}/deployments/hacancel`, { method: 'DELETE', headers: { callback: receiver.url('/done') } });
    assert.ok(undeploy.ok, await undeploy.text());
    const undeployTxn = undeploy.headers.get('esc-transaction-id')!;
    const cancelled = await pc.callbackOf(deployTxn, 30_000);
    assert.equal(cancelled.headers['esc-status-code'], '500');
    assert.match(String(cancelled.headers['esc-status-message']), /Operation cancelled: deployment \[hacancel\] is being undeployed/);
    assert.equal((await pc.callbackOf(undeployTxn, 30_000)).headers['esc-status-code'], '200');

    const transactions: string[] = [];
    for (let i = 0; i < deployments; i++) {
      const res = await fetch(`${cluster.api(i % 2)}/deployments/ha${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', callback: receiver.url('/done') },
        body: oneVmDeployment({ tenant: 'hat', name: `ha${i}` }),
      });
      assert.equal(res.status, 201, await res.text());
      transactions.push(res.headers.get('esc-transaction-id')!);
    }
    // Node 0 runs some of them now (as node 1 sees it): kill it there.
    const [first] = (await view(1)).instances;
    await eventually(async () => ((await view(1)).instances.find((i) => i.id === first?.id)?.operations.length ? true : undefined), 30_000, 'node 0 to run deploys');
    const victim = (await view(0)).instances.find((i) => i.operations.length > 0 && i.id === first?.id) ? 0 : 1;
    await cluster.kill(victim);
    const survivor = 1 - victim;

    for (const txn of transactions) {
      const done = await pc.callbackOf(txn, 90_000);
      assert.equal(done.headers['esc-status-code'], '200', done.body);
    }

    const rows = await pc.query<{ status: string; resumes: number }>(
      "SELECT status, (json->>'resumes')::int AS resumes FROM operations WHERE kind = 'deploy' AND json->>'deploymentName' <> 'hacancel'",
    );
    assert.equal(rows.length, deployments);
    assert.ok(rows.every((r) => r.status === 'COMPLETED' && r.resumes <= 1), JSON.stringify(rows));
    assert.ok(rows.some((r) => r.resumes === 1), 'some deploy was taken over');
    const counts = await emulator.counts();
    assert.equal(counts.servers.size, deployments, [...counts.servers.keys()].join(' '));
    assert.ok([...counts.servers.values(), ...counts.ports.values()].every((n) => n === 1), JSON.stringify([...counts.servers, ...counts.ports]));
    assert.ok((await emulator.state()).servers.every((s) => s.status === 'ACTIVE'));

    const metrics = await (await fetch(cluster.api(survivor).replace('/ESCManager/v0', '/metrics'))).text();
    assert.match(metrics, /openvnfm_ha_takeovers_total [1-9]/);
    const left = await view(survivor);
    assert.equal(left.instances.length, 1);
    assert.deepEqual(left.instances[0]!.operations, []);
  });
});
