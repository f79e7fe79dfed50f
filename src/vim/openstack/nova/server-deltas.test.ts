import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ListFilter, Scope, VimServer } from '../../driver.ts';
import { serverDeltas } from './server-deltas.ts';

const server = (id: string, status: string, updated: string): VimServer => ({ id, name: id, status: status as VimServer['status'], metadata: {}, addresses: {}, updated });

/** A project's servers as Nova lists them: whole, or changed since (deleted ones included, as DELETED). */
function fakeNova(initial: VimServer[]) {
  const servers = new Map(initial.map((s) => [s.id, s]));
  const asked: (string | undefined)[] = [];
  let inFlight = 0;
  let most = 0;
  const list = async (_scope: Scope, filter?: ListFilter): Promise<VimServer[]> => {
    asked.push(filter?.changesSince);
    most = Math.max(most, ++inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    const all = [...servers.values()];
    if (filter?.changesSince === undefined) return all.filter((s) => s.status !== 'DELETED');
    return all.filter((s) => Date.parse(s.updated!) >= Date.parse(filter.changesSince!));
  };
  return { servers, asked, list, most: () => most };
}

test('issue 14: the project is listed whole once, then only what changed since the newest stamp less 1 s', async () => {
  const nova = fakeNova([server('a', 'BUILD', '2026-12-01T05:00:00Z'), server('b', 'BUILD', '2026-12-01T05:00:10Z')]);
  const read = serverDeltas(nova.list);
  assert.deepEqual((await read({}, ['a', 'b'])).map((s) => s.status), ['BUILD', 'BUILD']);
  nova.servers.set('a', server('a', 'ACTIVE', '2026-12-01T05:00:12Z'));
  assert.deepEqual((await read({}, ['a', 'b'])).map((s) => s.status), ['ACTIVE', 'BUILD'], 'the change is merged, the unchanged kept');
  assert.deepEqual(nova.asked, [undefined, '2026-12-01T05:00:09.000Z']);
  nova.servers.set('b', server('b', 'DELETED', '2026-12-01T05:00:13Z'));
  assert.deepEqual((await read({}, ['a', 'b'])).map((s) => s.id), ['a'], 'a server deleted since is gone');
  assert.deepEqual(nova.asked.slice(2), ['2026-12-01T05:00:11.000Z']);
});

test('issue 14: an id neither listed nor seen deleted sends a whole list; so does every 30th read', async () => {
  const nova = fakeNova([server('a', 'ACTIVE', '2026-12-01T05:00:00Z')]);
  const read = serverDeltas(nova.list);
  await read({}, ['a']);
  assert.deepEqual(await read({}, ['a', 'unknown']).then((r) => r.map((s) => s.id)), ['a']);
  assert.deepEqual(nova.asked, [undefined, '2026-12-01T04:59:59.000Z', undefined], 'a delta, then the whole project to learn of the unknown id');
  nova.asked.length = 0;
  for (let i = 0; i < 30; i++) await read({}, ['a']);
  assert.equal(nova.asked.filter((a) => a === undefined).length, 1, 'one whole list in 30 reads');
});

test('issue 14: an empty project is listed whole again (no stamp to ask since), and reads of one project never overlap', async () => {
  const nova = fakeNova([]);
  const read = serverDeltas(nova.list);
  await read({}, []);
  await read({}, []);
  assert.deepEqual(nova.asked, [undefined, undefined]);
  nova.servers.set('a', server('a', 'ACTIVE', '2026-12-01T05:00:00Z'));
  const answers = await Promise.all([read({}, ['a']), read({}, ['a']), read({}, ['a'])]);
  assert.deepEqual(answers.map((r) => r.length), [1, 1, 1]);
  assert.equal(nova.most(), 1);
});
