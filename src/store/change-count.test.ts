import assert from 'node:assert/strict';
import test from 'node:test';
import { countChanges } from './change-count.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Tenant } from '../domain/entities.ts';

const tenant = (name: string): Tenant => ({ name, id: `id-${name}`, enabled: true, vimMapping: false, createdBy: 'api', createdAt: '2026-01-01T00:00:00.000Z' });

test('issue 14: reads leave the version alone; a write, a transaction and a refused transaction each move it once they settle', async () => {
  const { store, version } = countChanges(await openSqliteStore(':memory:'));
  try {
    await store.listTenants();
    await store.getTenant('a');
    assert.equal(version(), 0);
    const put = store.putTenant(tenant('a'));
    assert.equal(version(), 0, 'not before the write has settled');
    await put;
    assert.equal(version(), 1);
    await store.transaction(async (tx) => tx.putTenant(tenant('b')));
    assert.equal(version(), 2);
    await assert.rejects(store.transaction(async () => Promise.reject(new Error('refused'))));
    assert.equal(version(), 3);
    assert.deepEqual((await store.listTenants()).map((t) => t.name), ['a', 'b']);
  } finally {
    await store.close();
  }
});
