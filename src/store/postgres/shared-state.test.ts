/**
 * The managers' shared state on a real PostgreSQL (issue 15 item 4): the running lock that tells
 * "first node up" apart, values made once (the first stored wins), and the announcements another
 * node hears — of settings, credentials and, through the store, the operation mode. Skips without
 * a reachable PostgreSQL (fails under CI).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { SharedState, SharedTopic } from '../../config/shared-state.ts';
import { openPostgresSharedState } from './shared-state.ts';
import { openPostgresStore } from './postgres-store.ts';
import { testDatabase } from './testing/test-database.ts';

const { db, skip } = await testDatabase();
after(() => db?.drop());

const log = { warn: () => undefined, info: () => undefined };

/** Opens a node's store and shared state on it (as a manager does), closed when the test ends, and what it hears. */
async function open(t: { after(fn: () => Promise<void>): void }, url: string): Promise<SharedState & { heard: SharedTopic[] }> {
  const store = await openPostgresStore(url);
  t.after(() => store.close());
  const state = await openPostgresSharedState(url, store.sql, { log });
  t.after(() => state.close());
  const heard: SharedTopic[] = [];
  state.watch((topic) => heard.push(topic));
  return Object.assign(state, { heard });
}

/** Until `heard` holds `topic` (announcements arrive on another connection). */
async function hears(heard: SharedTopic[], topic: SharedTopic): Promise<void> {
  for (let i = 0; i < 500 && !heard.includes(topic); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(heard.includes(topic), `heard ${topic}: ${heard.join(' ')}`);
}

describe('PostgreSQL shared state', { skip }, () => {
  test('the first node up clears the run-time settings; a node joining a running one keeps them; restart moves the generation', async (t) => {
    const url = await db!.freshSchemaUrl();
    const a = await open(t, url);
    await a.settings.change({ k1: 'v1', k2: 'v2' });
    await a.settings.change({ k2: 'v3' });
    const b = await open(t, url);
    assert.deepEqual(await b.settings.read(), { generation: 0, values: { k1: 'v1', k2: 'v3' } });
    await b.settings.clear();
    assert.deepEqual(await a.settings.read(), { generation: 1, values: {} });
    await hears(a.heard, 'settings');

    await a.settings.change({ k1: 'again' });
    await a.close();
    await b.close();
    const c = await open(t, url);
    assert.deepEqual((await c.settings.read()).values, {}, 'every node was down');
  });

  test('a value made once: nodes opening together all answer the first stored; once stored, nothing is made', async (t) => {
    const url = await db!.freshSchemaUrl();
    const nodes = await Promise.all([open(t, url), open(t, url), open(t, url)]);
    const made: string[] = [];
    const answers = await Promise.all(nodes.map((n, i) => n.madeOnce('netconf.host.key', async () => (made.push(`key-${i}`), `key-${i}`))));
    assert.equal(new Set(answers).size, 1, answers.join(' '));
    assert.ok(made.includes(answers[0]!));
    assert.equal(await nodes[0]!.madeOnce('netconf.host.key', () => assert.fail('made twice')), answers[0]);
  });

  test('credentials: the first document created wins; a write is heard by the other node; the operation mode put through the store too', async (t) => {
    const url = await db!.freshSchemaUrl();
    const a = await open(t, url);
    const b = await open(t, url);
    assert.equal(await a.credentials.read(), undefined);
    assert.equal(await a.credentials.create('first'), 'first');
    assert.equal(await b.credentials.create('second'), 'first');
    await a.credentials.write('changed');
    await hears(b.heard, 'credentials');
    assert.equal(await b.credentials.read(), 'changed');

    const store = await openPostgresStore(url);
    t.after(() => store.close());
    await store.putOpMode('MAINTENANCE');
    await hears(b.heard, 'op_mode');
  });
});
