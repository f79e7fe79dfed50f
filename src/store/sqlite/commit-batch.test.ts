import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { CommitBatch } from './commit-batch.ts';
import { Gate } from './gate.ts';
import { Sql } from './statements.ts';

let db: DatabaseSync;
let sql: Sql;
let commits: number;
let closed: boolean;
let batch: CommitBatch;

beforeEach(() => {
  db = new DatabaseSync(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  sql = new Sql(db);
  commits = 0;
  closed = false;
  batch = new CommitBatch({ sql, gate: new Gate(), isClosed: () => closed, committed: () => commits++ });
});
afterEach(() => db.close());

const put = (k: string, v: number) => batch.submit(() => sql.run('INSERT INTO t (k, v) VALUES (?, ?)', k, v));
const rows = () => sql.all('SELECT k, v FROM t ORDER BY k').map((r) => `${String(r.k)}=${String(r.v)}`);

test('IMPL-4 the writes submitted in one turn share one commit, and each is answered after it', async () => {
  const answered: string[] = [];
  const writes = ['a', 'b', 'c'].map((k, i) => put(k, i).then(() => answered.push(`${k}:${commits}`)));
  assert.equal(db.isTransaction, false, 'nothing runs before the turn ends');
  await Promise.all(writes);
  assert.equal(commits, 1);
  assert.deepEqual(answered, ['a:1', 'b:1', 'c:1'], 'every caller is answered once the shared commit is made');
  assert.deepEqual(rows(), ['a=0', 'b=1', 'c=2']);
});

test('a unit that fails is rolled back to its savepoint alone: its caller gets its error, the others commit', async () => {
  const transaction = batch.submit(async () => {
    sql.run('INSERT INTO t (k, v) VALUES (?, ?)', 'x', 1);
    await tick();
    sql.run('INSERT INTO t (k, v) VALUES (?, ?)', 'y', 2);
    throw new Error('changed its mind');
  });
  const before = put('a', 1);
  const duplicate = put('a', 2);
  const after = put('b', 3);
  await assert.rejects(transaction, /changed its mind/);
  await assert.rejects(duplicate, /UNIQUE constraint failed/);
  await Promise.all([before, after]);
  assert.equal(commits, 1);
  assert.deepEqual(rows(), ['a=1', 'b=3'], 'neither of the failed units\u2019 writes is kept');
});

test('a single-statement unit runs without a savepoint: a failed one undoes its own statement alone', async () => {
  const single = (k: string, v: number) => batch.submit(() => sql.run('INSERT INTO t (k, v) VALUES (?, ?)', k, v), true);
  const statements: string[] = [];
  const exec = db.exec.bind(db);
  db.exec = (text: string) => (statements.push(text), exec(text));
  const before = single('a', 1);
  const duplicate = single('a', 2);
  const multi = single('c', 1);
  const after = single('b', 3);
  await assert.rejects(duplicate, /UNIQUE constraint failed/);
  await Promise.all([before, multi, after]);
  assert.deepEqual(statements, ['BEGIN IMMEDIATE', 'COMMIT']);
  assert.deepEqual(rows(), ['a=1', 'b=3', 'c=1']);
});

test('units run in the order submitted; a unit\u2019s awaits let later submissions into the same commit', async () => {
  const order: string[] = [];
  const first = batch.submit(async () => {
    order.push('first begins');
    await tick();
    await tick();
    order.push('first ends');
  });
  await tick();
  const late = batch.submit(() => order.push('late'));
  await Promise.all([first, late]);
  assert.deepEqual(order, ['first begins', 'first ends', 'late']);
  assert.equal(commits, 1, 'the unit submitted while the first awaited joined its batch');
});

test('a closed connection refuses every waiting unit', async () => {
  closed = true;
  await assert.rejects(put('a', 1), /closed/);
  await assert.rejects(put('b', 1), /closed/);
  assert.equal(commits, 0);
});

test('idle waits for every unit submitted so far', async () => {
  let ran = false;
  void batch.submit(() => (ran = true));
  assert.equal(batch.pending, true);
  await batch.idle();
  assert.equal(ran, true);
  assert.equal(batch.pending, false);
  assert.equal(db.isTransaction, false);
});
