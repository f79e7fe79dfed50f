import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tenant } from '../contract/fixtures.ts';
import { openSqliteStore } from './sqlite-store.ts';

// The system temp folder is a disk here (tmpfs would need no fsync: no group commit at all).
const dir = mkdtempSync(join(tmpdir(), 'openvnfm-group-commit-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A WAL fsync the test releases by hand; `real` runs the actual fdatasync once released. */
function heldSyncs() {
  const held: { release(err?: Error): void }[] = [];
  let arrived: () => void = () => {};
  return {
    held,
    sync: (wal: { datasync(): Promise<void> }) =>
      new Promise<void>((resolve, reject) => {
        held.push({ release: (err) => (err ? reject(err) : wal.datasync().then(resolve, reject)) });
        arrived();
      }),
    /** Resolves once `n` fsyncs have been asked for. */
    until(n: number): Promise<void> {
      if (held.length >= n) return Promise.resolve();
      return new Promise((resolve) => (arrived = () => held.length >= n && resolve()));
    },
  };
}

/** Lets every ready callback and I/O completion run: what can settle now has settled after it. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function tracked<T>(p: Promise<T>): { done: boolean; promise: Promise<T> } {
  const t = { done: false, promise: p };
  p.then(() => (t.done = true), () => (t.done = true));
  return t;
}

test('IMPL-4 group commit: a write is answered only after an fsync that began after it; writes meanwhile share the next one', async () => {
  const syncs = heldSyncs();
  const store = await openSqliteStore(join(dir, `s${++files}.db`), { walSync: syncs.sync });
  try {
    const first = tracked(store.putTenant(tenant('t1')));
    await syncs.until(1);
    const during = [
      tracked(store.transaction(async (tx) => tx.putTenant(tenant('t2')))),
      tracked(store.putTenant(tenant('t3'))),
      tracked(store.putTenant(tenant('t4'))),
    ];
    const read = tracked(store.listTenants());
    await settle();
    assert.equal(first.done, false, 'not answered before its fsync');
    assert.equal(syncs.held.length, 1, 'one fsync at a time');

    syncs.held[0]!.release();
    await first.promise;
    await syncs.until(2);
    await settle();
    assert.deepEqual(during.map((w) => w.done), [false, false, false], 'committed during the first fsync: they wait for the next');
    assert.equal(read.done, false, 'a read waits for the commits before it');

    syncs.held[1]!.release();
    await Promise.all(during.map((w) => w.promise));
    assert.deepEqual((await read.promise).map((t) => t.name).sort(), ['t1', 't2', 't3', 't4']);
    assert.equal(syncs.held.length, 2, 'four commits, two fsyncs');
    await store.getTenant('t1');
    assert.equal(syncs.held.length, 2, 'nothing pending: a read asks for no fsync');
  } finally {
    await store.close();
  }
});

test('IMPL-4 a failed WAL fsync fails the writes it was to cover; the next write gets its own', async () => {
  const syncs = heldSyncs();
  const store = await openSqliteStore(join(dir, `s${++files}.db`), { walSync: syncs.sync });
  try {
    const lost = store.putTenant(tenant('t1'));
    await syncs.until(1);
    syncs.held[0]!.release(new Error('EIO'));
    await assert.rejects(lost, /EIO/);
    const next = store.putTenant(tenant('t2'));
    await syncs.until(2);
    syncs.held[1]!.release();
    await next;
  } finally {
    await store.close();
  }
});

test('IMPL-4 a store on disk with the real fdatasync keeps what it answered across close and reopen', async () => {
  const path = join(dir, `s${++files}.db`);
  const store = await openSqliteStore(path);
  await Promise.all(['a', 'b', 'c'].map((n) => store.putTenant(tenant(n))));
  await store.close();
  const again = await openSqliteStore(path);
  try {
    assert.deepEqual((await again.listTenants()).map((t) => t.name).sort(), ['a', 'b', 'c']);
  } finally {
    await again.close();
  }
});
