/**
 * The claims SQL against a real PostgreSQL (issue 15 item 2): two "instances" in one process, each
 * with its own pool on one schema, as two managers would be. An instance is made dead by moving its
 * heartbeat back in the database, so no test waits for a lease to run out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { isDomainError } from '../../domain/errors.ts';
import type { Claims } from '../claims.ts';
import { deployment, message, operation, step, tenant } from '../contract/fixtures.ts';
import { postgresClaims } from './claims.ts';
import { openPostgresStore, type PostgresStore } from './postgres-store.ts';
import { testDatabase } from './testing/test-database.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());

const timing = { heartbeatSecs: 1, leaseSecs: 5 };
/** How many fenced writes found their lease lost. */
let losses = 0;
const lost = () => void losses++;

describe('claims on PostgreSQL', { skip }, () => {
  let url: string;
  let stores: PostgresStore[];
  let a: Claims;
  let b: Claims;
  let admin: pg.Client;

  before(async () => {
    url = await db!.freshSchemaUrl();
    stores = [await openPostgresStore(url), await openPostgresStore(url)];
    a = postgresClaims(stores[0]!, url, timing);
    b = postgresClaims(stores[1]!, url, timing);
    await a.start();
    await b.start();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await stores[0]!.putTenant(tenant('t1'));
    for (const d of ['d1', 'd2', 'd3', 'd4']) await stores[0]!.putDeployment(deployment(d));
  });
  after(async () => {
    await a.stop();
    await b.stop();
    await admin.end();
    for (const s of stores) await s.close();
  });

  /** Makes `claims` look dead to the others: its heartbeat an hour old by the database's clock. */
  const kill = (claims: Claims) => admin.query(`UPDATE instances SET heartbeat_at = now() - interval '1 hour' WHERE id = $1`, [claims.instanceId()]);

  test('a lease no longer than the heartbeat is refused, naming the setting', () => {
    assert.throws(
      () => postgresClaims(stores[0]!, url, { heartbeatSecs: 5, leaseSecs: 5 }),
      (err) => isDomainError(err, 'INVALID_INPUT') && /\[ha\.lease\.secs\]: value \[5\] is not more than ha\.heartbeat\.secs \(5\)/.test(err.message),
    );
  });

  test('a free key is claimed by the first instance that asks, and only by it', async () => {
    await stores[0]!.putOperation(operation('o1', { deploymentId: 'd1' }));
    const first = await a.claim();
    assert.deepEqual(first.claimed, [{ key: 'deployment:d1', owner: a.instanceId(), epoch: 1 }]);
    assert.deepEqual((await b.claim()).claimed, []);
    assert.deepEqual((await a.owned()).map((o) => o.op.id), ['o1']);
    assert.deepEqual(await b.owned(), []);
    // An operation accepted later on the same key goes to the same owner, behind the first.
    await stores[1]!.putOperation(operation('o2', { deploymentId: 'd1' }));
    await b.claim();
    assert.deepEqual((await a.owned()).map((o) => o.op.id), ['o1', 'o2']);
  });

  test('a key is kept while it has a RUNNING operation, and given up after', async () => {
    const [lease] = (await a.owned()).map((o) => o.lease);
    assert.equal(await a.release(lease!), false);
    for (const id of ['o1', 'o2']) await stores[0]!.putOperation(operation(id, { deploymentId: 'd1', status: 'COMPLETED' }));
    assert.equal(await a.release(lease!), true);
    assert.deepEqual(await a.owned(), []);
  });

  test('a dead instance’s keys are taken over with the next epoch; its fenced writes fail, the new owner’s land', async () => {
    await stores[0]!.putOperation(operation('o3', { deploymentId: 'd2' }));
    const [old] = (await a.claim()).claimed;
    assert.equal(old?.key, 'deployment:d2');
    await a.fenced(old!, lost).recordStep(step('o3', 1));

    await kill(a);
    const { takenOver } = await b.claim();
    assert.deepEqual(takenOver, [{ key: 'deployment:d2', owner: b.instanceId(), epoch: 2 }]);
    await assert.rejects(a.fenced(old!, lost).recordStep(step('o3', 2)), (err) => isDomainError(err, 'CONFLICT') && /lease on deployment:d2/.test(err.message));
    await assert.rejects(a.fenced(old!, lost).transaction((tx) => tx.putOperation(operation('o3', { deploymentId: 'd2', status: 'FAILED' }))));
    // A stale epoch is refused even under the right owner's name.
    await assert.rejects(b.fenced({ ...takenOver[0]!, epoch: 1 }, lost).recordStep(step('o3', 2)));
    assert.equal(losses, 3);
    await b.fenced(takenOver[0]!, lost).recordStep(step('o3', 2));
    assert.deepEqual((await stores[0]!.getSteps('o3')).map((s) => s.seq), [1, 2]);
    assert.equal((await stores[0]!.getOperation('o3'))?.status, 'RUNNING');
  });

  test('the paused instance finds its row gone at its next heartbeat and registers anew; its outbox claims follow its id', async () => {
    const before = a.instanceId();
    // What its callback outbox had claimed under the old id, and what b's holds.
    await stores[0]!.enqueueOutbox(message('cb1', { url: 'http://a.invalid/', nextAttemptAt: 0 }));
    await stores[0]!.enqueueOutbox(message('cb2', { url: 'http://b.invalid/', nextAttemptAt: 0 }));
    assert.equal((await stores[0]!.claimOutbox('cb1', before, 60_000))?.id, 'cb1');
    assert.equal((await stores[1]!.claimOutbox('cb2', b.instanceId(), 60_000))?.id, 'cb2');
    const claimsNow = async () => (await admin.query<{ id: string; claimed_by: string; until: string }>(
      "SELECT id, claimed_by, claim_until::text AS until FROM outbox WHERE id IN ('cb1', 'cb2') ORDER BY id")).rows;
    const [held, others] = await claimsNow();

    assert.equal(await a.heartbeat(), 'lost');
    assert.notEqual(a.instanceId(), before);
    assert.deepEqual(await claimsNow(), [{ ...held!, claimed_by: a.instanceId() }, others], 'its claim under the new id, expiry unchanged; b’s untouched');
    assert.equal((await stores[0]!.claimOutbox('cb1', a.instanceId(), 60_000))?.id, 'cb1', 'renewed under the new id');
    assert.equal(await stores[1]!.claimOutbox('cb1', b.instanceId(), 60_000), undefined, 'still not another’s');
    assert.equal(await a.heartbeat(), 'alive');
    assert.equal(await b.heartbeat(), 'alive');
  });

  test('the heartbeat is not starved when operations hold every pooled client (its own client)', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered = 0;
    // pg's pool holds 10 clients: ten open transactions take them all.
    const busy = Array.from({ length: 10 }, () => stores[0]!.transaction(async () => void (entered++, await held)));
    while (entered < 10) await new Promise((resolve) => setImmediate(resolve));
    let pooledAnswered = false;
    const pooled = stores[0]!.getTenant('t1').then(() => (pooledAnswered = true));
    assert.equal(await a.heartbeat(), 'alive');
    assert.equal(pooledAnswered, false, 'a pooled query waits meanwhile');
    release();
    await Promise.all([...busy, pooled]);
  });

  test('an orphaned key locked by another transaction is skipped, not waited for', async () => {
    await stores[0]!.putOperation(operation('o4', { deploymentId: 'd3' }));
    await admin.query(`INSERT INTO leases (run_key, owner, epoch) VALUES ('deployment:d3', 'gone', 7)`);
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM leases WHERE run_key = 'deployment:d3' FOR UPDATE`);
      assert.deepEqual((await a.claim()).takenOver, []);
      await locker.query('ROLLBACK');
      assert.deepEqual((await a.claim()).takenOver, [{ key: 'deployment:d3', owner: a.instanceId(), epoch: 8 }]);
    } finally {
      await locker.end();
    }
  });

  test('an undeploy accepted on one instance sets a cancel request only the owner takes', async () => {
    await b.requestCancel({ key: 'deployment:d3', byOperation: 'u1', reason: 'deployment [dep-d3] is being undeployed' });
    await b.requestCancel({ key: 'deployment:d3', byOperation: 'u1', reason: 'deployment [dep-d3] is being undeployed' });
    assert.deepEqual(await b.takeCancelRequests(), []);
    assert.deepEqual(await a.takeCancelRequests(), [{ key: 'deployment:d3', byOperation: 'u1', reason: 'deployment [dep-d3] is being undeployed' }]);
    assert.deepEqual(await a.takeCancelRequests(), []);
  });

  test('the cluster view lists each instance with the RUNNING operations of its keys', async () => {
    const view = await a.instances();
    const byId = new Map(view.map((i) => [i.id, i]));
    assert.deepEqual(byId.get(a.instanceId())?.operations, ['o4']);
    assert.deepEqual(byId.get(b.instanceId())?.operations, ['o3']);
    assert.ok(view.every((i) => i.heartbeatAgeMs >= 0 && i.host.length > 0));
  });

  test('a stopped instance leaves: its keys are taken over at once', async () => {
    await b.stop();
    assert.deepEqual((await a.claim()).takenOver.map((l) => l.key), ['deployment:d2']);
    assert.deepEqual((await a.instances()).map((i) => i.id), [a.instanceId()]);
    b = postgresClaims(stores[1]!, url, timing);
    await b.start();
  });
});
