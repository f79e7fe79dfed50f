import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { after, describe, test } from 'node:test';
import { deployment, event, message, operation, step, tenant, vm, vmRef } from '../contract/fixtures.ts';
import { storeContract } from '../store-contract.ts';
import { openConnection } from './connection.ts';
import { migrate, migrations } from './migrations.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { Sql, type Row } from './statements.ts';
import * as deployments from './tables/deployments.ts';
import * as events from './tables/events.ts';
import * as operations from './tables/operations.ts';
import * as outbox from './tables/outbox.ts';
import * as snapshots from './tables/snapshots.ts';
import * as tenants from './tables/tenants.ts';
import * as vms from './tables/vms.ts';

const dir = mkdtempSync(join(tmpdir(), 'openvnfm-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `store-${++files}.db`);

storeContract('sqlite file', () => openSqliteStore(freshPath()));
storeContract('sqlite :memory:', () => openSqliteStore(':memory:'));

describe('SqliteStore on a file', () => {
  test('IMPL-4 data survives close and reopen; event seq continues', async () => {
    const path = freshPath();
    const first = await openSqliteStore(path);
    await first.transaction(async (tx) => {
      await tx.putTenant(tenant('t1'));
      await tx.putDeployment(deployment('d1'));
      await tx.putVm(vm('v1', 'd1'));
      await tx.putOperation(operation('o1'));
      await tx.recordStep(step('o1', 1));
      await tx.appendEvent(event('e1'));
      await tx.enqueueOutbox(message('m1'));
    });
    await first.close();

    const second = await openSqliteStore(path);
    try {
      assert.deepStrictEqual(await second.getTenant('t1'), tenant('t1'));
      assert.deepStrictEqual(await second.getDeployment('d1'), deployment('d1'));
      assert.deepStrictEqual(await second.getVm('v1'), vm('v1', 'd1'));
      assert.deepStrictEqual(await second.getOperation('o1'), operation('o1'));
      assert.deepStrictEqual(await second.getSteps('o1'), [step('o1', 1)]);
      assert.deepStrictEqual(await second.listEvents(), [{ ...event('e1'), seq: 1 }]);
      assert.deepStrictEqual(await second.listOutbox(), [message('m1')]);
      assert.equal((await second.appendEvent(event('e2'))).seq, 2);
    } finally {
      await second.close();
    }
  });

  test('the file is in WAL mode with the schema applied once', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    await (await openSqliteStore(path)).close();
    const db = new DatabaseSync(path);
    try {
      assert.equal(db.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
      assert.deepEqual(
        db.prepare('SELECT version FROM schema_migrations').all().map((r) => r.version),
        migrations.map((m) => m.version),
      );
    } finally {
      db.close();
    }
  });

  test('commit batching: a read made behind a waiting write sees it; close commits what waits', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    const write = store.putTenant(tenant('t1'));
    assert.deepStrictEqual(await store.getTenant('t1'), tenant('t1'));
    await write;
    const last = store.putTenant(tenant('t2'));
    await store.close();
    await last;
    const reopened = await openSqliteStore(path);
    assert.deepStrictEqual(await reopened.getTenant('t2'), tenant('t2'));
    await reopened.close();
  });

  test('a closed store refuses calls; close twice is harmless', async () => {
    const store = await openSqliteStore(freshPath());
    await store.close();
    await store.close();
    await assert.rejects(store.getTenant('t1'));
    await assert.rejects(store.transaction(async () => undefined));
  });

  test('10,000 VMs: listVms pages one deployment through the index', async () => {
    const store = await openSqliteStore(freshPath());
    try {
      await store.transaction(async (tx) => {
        for (let d = 0; d < 100; d++) await tx.putDeployment(deployment(`d${d}`));
        for (let i = 0; i < 10_000; i++) await tx.putVm(vm(`v${i}`, `d${i % 100}`, { index: i }));
      });
      const page = await store.listVms({ deploymentId: 'd42', limit: 3, offset: 1 });
      assert.deepEqual(
        page.map((v) => v.id),
        ['v142', 'v242', 'v342'],
      );
      assert.equal((await store.listVms({ deploymentId: 'd7' })).length, 100);
    } finally {
      await store.close();
    }
  });
});

describe('SqliteStore document puts', () => {
  test('each table spec names the columns its indexes hold (a put that keeps them sets none of them)', () => {
    const db = openConnection(':memory:');
    try {
      migrate(db);
      for (const spec of [tenants.tenants, deployments.deployments, vms.vms, operations.operations, snapshots.snapshots]) {
        const held = new Set<string>();
        for (const index of db.prepare(`PRAGMA index_list(${spec.table})`).all())
          for (const column of db.prepare(`PRAGMA index_info(${String(index.name)})`).all()) held.add(String(column.name));
        assert.deepEqual([...held].sort(), [spec.key, ...spec.indexed].sort(), spec.table);
      }
    } finally {
      db.close();
    }
  });

  test('a put that changes an indexed column moves the row in its index; one that keeps them updates the rest', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      await store.putTenant(tenant('t1'));
      await store.putDeployment(deployment('d1', { state: 'SERVICE_UNDEF_STATE' }));
      await store.putDeployment(deployment('d1', { state: 'SERVICE_ACTIVE_STATE' }));
      assert.equal((await store.getDeployment('d1'))?.state, 'SERVICE_ACTIVE_STATE');
      await store.putDeployment(deployment('d1', { tenant: 't2', state: 'SERVICE_ERROR_STATE' }));
      assert.deepEqual((await store.listDeployments({ tenant: 't1' })).map((d) => d.id), []);
      assert.deepEqual((await store.listDeployments({ tenant: 't2' })).map((d) => [d.id, d.state]), [['d1', 'SERVICE_ERROR_STATE']]);
    } finally {
      await store.close();
    }
  });
});

/** Records each query a table module runs, to explain it afterwards. */
class RecordingSql extends Sql {
  readonly queries: { sql: string; params: SQLInputValue[] }[] = [];
  override all(sql: string, ...params: SQLInputValue[]): Row[] {
    this.queries.push({ sql, params });
    return super.all(sql, ...params);
  }
  override get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    this.queries.push({ sql, params });
    return super.get(sql, ...params);
  }
}

function plansOf(run: (sql: Sql) => unknown): string[] {
  const db = openConnection(':memory:');
  try {
    migrate(db);
    const sql = new RecordingSql(db);
    run(sql);
    assert.equal(sql.queries.length, 1);
    const [query] = sql.queries;
    return db
      .prepare(`EXPLAIN QUERY PLAN ${query?.sql}`)
      .all(...(query?.params ?? []))
      .map((r) => String(r.detail));
  } finally {
    db.close();
  }
}

describe('SqliteStore query plans (indexed for 10,000+ VMs)', () => {
  const cases: { name: string; run: (sql: Sql) => unknown; index: RegExp }[] = [
    { name: 'listVms by deployment', run: (s) => vms.list(s, { deploymentId: 'd1' }), index: /vms_deployment/ },
    {
      name: 'listVms by deployment and group',
      run: (s) => vms.list(s, { deploymentId: 'd1', group: 'g1', limit: 10 }),
      index: /vms_deployment_group/,
    },
    { name: 'listVms of a page of deployments', run: (s) => vms.list(s, { deploymentIds: ['d1', 'd2'] }), index: /vms_deployment/ },
    {
      name: 'events by deployment name',
      run: (s) => events.list(s, { deploymentName: 'dep-d1' }),
      index: /events_deployment_name/,
    },
    {
      name: 'REST events by deployment name after a seq',
      run: (s) => events.list(s, { deploymentName: 'dep-d1', afterSeq: 7, limit: 1000 }),
      index: /events_deployment_name \(deployment_name=\? AND rowid>\?\)/,
    },
    { name: 'events by vmName', run: (s) => events.list(s, { vmName: vmRef('x').generatedName }), index: /events_vm_source/ },
    {
      name: 'REST events by vmName after a seq',
      run: (s) => events.list(s, { vmName: vmRef('x').generatedName, afterSeq: 7, limit: 1000 }),
      index: /events_vm_source \(vm_source_name=\? AND rowid>\?\)/,
    },
    { name: 'REST events by tenant after a seq', run: (s) => events.list(s, { tenant: 't1', afterSeq: 7, limit: 1000 }), index: /events_tenant/ },
    { name: 'deployments by tenant', run: (s) => deployments.list(s, { tenant: 't1' }), index: /deployments_tenant/ },
    { name: 'running operations', run: (s) => operations.list(s, { status: 'RUNNING' }), index: /operations_status/ },
    { name: 'snapshots by tenant', run: (s) => snapshots.list(s, { tenant: 't1' }), index: /snapshots_tenant/ },
    { name: 'snapshots by VM', run: (s) => snapshots.list(s, { vmName: 'vm1', limit: 10 }), index: /snapshots_vm_name/ },
    { name: 'snapshots by name', run: (s) => snapshots.list(s, { name: 'nightly', limit: 2 }), index: /snapshots_name/ },
    { name: 'the outbox scan of pending messages', run: (s) => outbox.scan(s, 7, 100), index: /outbox_pending/ },
    { name: 'a claim: is an older message of the order pending', run: (s) => outbox.claimable(s, 'm1'), index: /outbox_order/ },
    {
      name: 'the NETCONF replay window by time',
      run: (s) => events.list(s, { fromTime: '2026-01-01T00:00:00.000Z', afterSeq: 7, excludeRestOnly: true, limit: 500 }),
      index: /events_time/,
    },
  ];
  for (const c of cases) {
    test(`${c.name} searches an index, never scans the table`, () => {
      const plan = plansOf(c.run);
      assert.ok(plan.some((line) => c.index.test(line) && line.startsWith('SEARCH')), plan.join('\n'));
      assert.ok(!plan.some((line) => /^SCAN (vms|events|deployments|operations|outbox|snapshots)\b/.test(line)), plan.join('\n'));
    });
  }
  test('issue 14: the outbox scan reads the pending messages in index order, covered: no sort, no row read', () => {
    const plan = plansOf((s) => outbox.scan(s, 7, 100));
    assert.ok(!plan.some((line) => /TEMP B-TREE/.test(line)), plan.join('\n'));
    assert.ok(plan.some((line) => /COVERING INDEX outbox_pending/.test(line)), plan.join('\n'));
  });
  test('the VMs of a page of deployments are read in index order: no sort', () => {
    const plan = plansOf((s) => vms.list(s, { deploymentIds: ['d1', 'd2'] }));
    assert.ok(!plan.some((line) => /TEMP B-TREE/.test(line)), plan.join('\n'));
  });
  test('the replay window is read in index order: no sort of the window for a page', () => {
    const plan = plansOf((s) => events.list(s, { fromTime: '2026-01-01T00:00:00.000Z', toTime: '2026-01-02T00:00:00.000Z', limit: 500 }));
    assert.ok(!plan.some((line) => /TEMP B-TREE/.test(line)), plan.join('\n'));
  });
  test('events by vmName use both name indexes', () => {
    const plan = plansOf((s) => events.list(s, { vmName: 'x' })).join('\n');
    assert.match(plan, /events_vm_source/);
    assert.match(plan, /events_vm_target/);
  });
  test('an event insert updates only the indexes a REST or NETCONF read or retention uses; the name ones skip NULLs', () => {
    const db = openConnection(':memory:');
    try {
      migrate(db);
      const indexes = db.prepare('PRAGMA index_list(events)').all().map((r) => `${String(r.name)}${r.partial ? ' (partial)' : ''}`);
      assert.deepEqual(indexes.sort(), [
        'events_deployment_name (partial)',
        'events_tenant',
        'events_time',
        'events_vm_source (partial)',
        'events_vm_target (partial)',
        'sqlite_autoindex_events_1',
      ]);
    } finally {
      db.close();
    }
  });
});
