/**
 * Issue 15 items 1 and 5 end to end: `vnfm serve` with `VNFM_DATABASE_URL` keeps its state in
 * PostgreSQL and drives a standalone emulator (`npm run emulator` as a process: a VIM that outlives
 * any manager); it deploys and undeploys, and nothing is written to a SQLite file. Without a cloud
 * named, a manager on PostgreSQL refuses to start rather than start the embedded emulator.
 * Item 3: two managers on one database, a NETCONF subscriber on A hears, in order, the escEvents
 * of a deploy sent to B. Skips without a reachable PostgreSQL (fails under CI).
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startManager } from '../../src/app/manager.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import { channelFilter } from '../../src/events/channels.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { testDatabase } from '../../src/store/postgres/testing/test-database.ts';
import { eventually, tempDataDir } from '../support/manager.ts';
import { NetconfTestClient, replyBody } from '../support/netconf-client.ts';
import { parseXml, type XmlNode } from '../../src/xml/parse.ts';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';
import { postgresCluster } from '../support/postgres-cluster.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());

describe('issue 15: a manager on PostgreSQL', { skip }, () => {
  test('deploys and undeploys against a standalone emulator, its state in PostgreSQL only', { timeout: 60_000 }, async (t) => {
    const pc = await postgresCluster(t, db!, { size: 1 });
    const [vnfm] = pc.cluster.nodes;
    const { emulator, receiver } = pc;
    const headers = { 'content-type': 'application/xml', callback: receiver.url('/done') };

    await pc.completed(await fetch(`${vnfm!.api}/deployments/pgdep`, { method: 'POST', headers, body: oneVmDeployment({ tenant: 'pgt', name: 'pgdep' }) }));
    assert.deepEqual((await emulator.state()).servers.map((s) => [s.name?.startsWith('pgdep_g_0'), s.status]), [[true, 'ACTIVE']]);
    await pc.completed(await fetch(`${vnfm!.api}/deployments/pgdep`, { method: 'DELETE', headers: { callback: receiver.url('/done') } }));
    assert.deepEqual((await emulator.state()).servers, []);

    const types = (await pc.query<{ type: string }>("SELECT type FROM events WHERE deployment_name = 'pgdep' ORDER BY seq")).map((r) => r.type);
    assert.equal(types[0], 'VM_DEPLOYED', types.join(' '));
    assert.equal(types.at(-1), 'SERVICE_UNDEPLOYED', types.join(' '));
    const ops = await pc.query<{ kind: string; status: string }>('SELECT kind, status FROM operations ORDER BY seq');
    assert.deepEqual(ops.filter((o) => o.kind !== 'tenant.create'), [{ kind: 'deploy', status: 'COMPLETED' }, { kind: 'undeploy', status: 'COMPLETED' }]);
    assert.equal(existsSync(join(vnfm!.dataDir, 'openvnfm.sqlite')), false, 'no SQLite file in the data folder');
  });

  test('item 3: a NETCONF subscriber on manager A hears, in order, the escEvents of a deploy sent to manager B', { timeout: 90_000 }, async (t) => {
    const pc = await postgresCluster(t, db!, { size: 2 });
    const [a, b] = pc.cluster.nodes;
    const { receiver, url } = pc;
    const subscriber = await NetconfTestClient.connect({ port: a!.netconfPort });
    t.after(() => subscriber.close());
    const subscribed = await subscriber.rpc('<create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><stream>escEvent</stream></create-subscription>');
    assert.equal(replyBody(subscribed).name, 'ok');

    await pc.completed(await fetch(`${b!.api}/deployments/hadep`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', callback: receiver.url('/done') },
      body: oneVmDeployment({ tenant: 'hat', name: 'hadep' }),
    }));

    const store = await openPostgresStore(url);
    t.after(() => store.close());
    const stream = (await store.listEvents(channelFilter('netconf'))).map((e) => `${e.type} ${e.deploymentName ?? ''}`);
    assert.ok(stream.includes('SERVICE_ALIVE hadep'), stream.join('\n'));
    const typeAndName = (xml: string) => {
      const escEvent = parseXml(xml).children.find((c) => c.name === 'escEvent');
      const leaf = (node: XmlNode | undefined, name: string) => node?.children.find((c) => c.name === name)?.text ?? '';
      return `${leaf(escEvent?.children.find((c) => c.name === 'event'), 'type')} ${leaf(escEvent, 'depname')}`;
    };
    const heard = await eventually(() => {
      const got = subscriber.notifications.map(typeAndName);
      return got.length >= stream.length ? got : undefined;
    }, 15_000, 'A to hear every event B published');
    assert.deepEqual(heard, stream, 'every event, once, in seq order');
  });

  test('item 5: without a cloud named, it refuses to start the embedded emulator, and says what to do', async (t) => {
    const dataDir = tempDataDir();
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    await assert.rejects(
      startManager({ logger: false, env: {}, settings: { 'data.dir': dataDir, 'server.port': '0', 'netconf.port': '0', 'database.url': db!.url } }),
      (err) => isDomainError(err, 'INVALID_INPUT') && /does not start the embedded emulator.*OS_AUTH_URL.*npm run emulator/.test(err.message),
    );
  });
});
