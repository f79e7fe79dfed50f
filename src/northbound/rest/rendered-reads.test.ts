import assert from 'node:assert/strict';
import test from 'node:test';
import { RenderedReads } from './rendered-reads.ts';

const text = (body: Buffer) => body.toString('utf8');

/** A render that counts its calls and answers `text`. */
function counting(text: () => string) {
  const calls = { n: 0 };
  return { calls, render: async () => (calls.n++, text()) };
}

test('issue 14: one render per key while the version stands; a new version renders again', async () => {
  let version = 0;
  let data = 'v0';
  const reads = new RenderedReads(() => version);
  const r = counting(() => data);
  assert.equal(text(await reads.body('xml /tenants', r.render)), 'v0');
  assert.equal(text(await reads.body('xml /tenants', r.render)), 'v0');
  assert.equal(r.calls.n, 1);
  assert.equal(text(await reads.body('json /tenants', r.render)), 'v0', 'another key renders on its own');
  assert.equal(r.calls.n, 2);
  data = 'v1';
  version = 1;
  assert.equal(text(await reads.body('xml /tenants', r.render)), 'v1');
  assert.equal(r.calls.n, 3);
});

test('a body rendered while the version moved is not kept under the newer version', async () => {
  let version = 0;
  const reads = new RenderedReads(() => version);
  let release!: () => void;
  const slow = reads.body('k', () => new Promise<string>((resolve) => (release = () => resolve('old'))));
  version = 1;
  assert.equal(text(await reads.body('other', async () => 'x')), 'x'); // sees version 1 first
  release();
  assert.equal(text(await slow), 'old');
  assert.equal(text(await reads.body('k', async () => 'new')), 'new');
});

test('a failed render keeps nothing', async () => {
  const reads = new RenderedReads(() => 0);
  await assert.rejects(reads.body('k', () => Promise.reject(new Error('not found'))));
  assert.equal(text(await reads.body('k', async () => 'found')), 'found');
});

test('past maxEntries or maxBytes a body is rendered each time, not kept', async () => {
  const reads = new RenderedReads(() => 0, { maxEntries: 1, maxBytes: 4 });
  const a = counting(() => 'aaaa');
  const b = counting(() => 'b');
  await reads.body('a', a.render);
  await reads.body('a', a.render);
  await reads.body('b', b.render);
  await reads.body('b', b.render);
  assert.deepEqual([a.calls.n, b.calls.n], [1, 2]);
  const small = new RenderedReads(() => 0, { maxEntries: 10, maxBytes: 3 });
  await small.body('a', a.render);
  await small.body('a', a.render);
  assert.equal(a.calls.n, 3, 'a body over maxBytes is not kept');
});
