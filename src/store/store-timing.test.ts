import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Tenant } from '../domain/entities.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import { StoreTiming } from './store-timing.ts';

test('issue 14: the SQLite store counts its statements and its commits apart, batched writes sharing a commit', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'openvnfm-timing-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const timing = new StoreTiming();
  const store = await openSqliteStore(join(dir, 'db.sqlite'), { timing });
  t.after(() => store.close());
  const before = timing.snapshot();
  const tenant = (name: string): Tenant => ({ name, id: name, enabled: true, vimMapping: true, createdBy: 'api', createdAt: '2026-12-02T00:00:00.000Z' });
  await Promise.all([store.putTenant(tenant('a')), store.putTenant(tenant('b')), store.putTenant(tenant('c'))]);
  const after = timing.snapshot();
  assert.equal(after.commits - before.commits, 1, 'three writes of one turn, one commit');
  assert.ok(after.statements - before.statements >= 3, `each write counted (${after.statements - before.statements})`);
  assert.ok(after.statementSeconds > before.statementSeconds && after.commitSeconds > before.commitSeconds);
  await store.getTenant('a');
  assert.equal(timing.commits, after.commits, 'a read outside a batch commits nothing');
  assert.ok(timing.statements > after.statements, 'and is counted as a statement');
});

test('a PostgreSQL COMMIT counts as a commit, every other round trip as a statement', async () => {
  const timing = new StoreTiming();
  assert.equal(await timing.roundTrip('SELECT 1', async () => 1), 1);
  await timing.roundTrip('COMMIT', async () => undefined);
  await assert.rejects(timing.roundTrip('BEGIN', async () => Promise.reject(new Error('refused'))), /refused/);
  assert.deepEqual([timing.statements, timing.commits], [2, 1], 'a failed statement is counted too');
});
