import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { operation } from '../../store/contract/fixtures.ts';
import { VimError, type VimErrorKind } from '../../vim/errors.ts';
import { openRuntimeWorld, type RuntimeWorld } from '../testing/runtime-world.ts';
import { createTagged } from './tagged-create.ts';

let world: RuntimeWorld;
before(async () => (world = await openRuntimeWorld()));
after(() => world.dispose());

/** What one create answers: the resource, or a VIM error of that kind, or a plain error. */
type Answer = 'created' | VimErrorKind | 'plain';

const cases: {
  name: string;
  resumes?: number;
  creates: Answer[];
  /** What each lookup finds: the resource made by an earlier attempt, or nothing. */
  lookups?: ('found' | 'none')[];
  calls: string[];
  result: 'created' | 'found' | Answer;
}[] = [
  { name: 'IMPL-4 a first run creates without a lookup', creates: ['created'], calls: ['create'], result: 'created' },
  { name: 'IMPL-4 a resumed operation looks up first and uses what it finds', resumes: 1, creates: [], lookups: ['found'], calls: ['lookup'], result: 'found' },
  { name: 'IMPL-4 a resumed operation creates when the lookup finds nothing', resumes: 2, creates: ['created'], lookups: ['none'], calls: ['lookup', 'create'], result: 'created' },
  {
    name: 'IMPL-4 an answer in doubt is looked up before the create is sent again',
    creates: ['in-doubt', 'created'],
    lookups: ['none'],
    calls: ['create', 'lookup', 'create'],
    result: 'created',
  },
  { name: 'IMPL-4 an answer in doubt that landed is found, not made twice', creates: ['in-doubt'], lookups: ['found'], calls: ['create', 'lookup'], result: 'found' },
  {
    name: 'IMPL-4 answers in doubt are retried up to 3 attempts, then the last error is thrown',
    creates: ['in-doubt', 'in-doubt', 'in-doubt'],
    lookups: ['none', 'none'],
    calls: ['create', 'lookup', 'create', 'lookup', 'create'],
    result: 'in-doubt',
  },
  {
    name: 'IMPL-4 a refusal after an attempt that may have landed is checked by lookup (the late create)',
    creates: ['in-doubt', 'final'],
    lookups: ['none', 'found'],
    calls: ['create', 'lookup', 'create', 'lookup'],
    result: 'found',
  },
  { name: 'IMPL-4 a refusal on a resumed operation is checked by lookup', resumes: 1, creates: ['final'], lookups: ['none', 'found'], calls: ['lookup', 'create', 'lookup'], result: 'found' },
  {
    name: 'IMPL-4 a refusal after an attempt in doubt is thrown when the lookup finds nothing',
    creates: ['in-doubt', 'final'],
    lookups: ['none', 'none'],
    calls: ['create', 'lookup', 'create', 'lookup'],
    result: 'final',
  },
  { name: 'IMPL-4 a refusal on a first attempt is thrown without a lookup', creates: ['final'], calls: ['create'], result: 'final' },
  { name: 'a VIM that did not act is not retried here (the driver retries it)', creates: ['not-done'], calls: ['create'], result: 'not-done' },
  { name: 'an error that is not the VIM\u2019s is thrown as it is', creates: ['plain'], calls: ['create'], result: 'plain' },
];

for (const c of cases) {
  test(c.name, async () => {
    const ctx = world.context(operation(`op-${c.name}`, { resumes: c.resumes ?? 0 }));
    const creates = [...c.creates];
    const lookups = [...(c.lookups ?? [])];
    const calls: string[] = [];
    const call = {
      create: async () => {
        calls.push('create');
        const answer = creates.shift();
        if (answer === 'created') return 'created';
        if (answer === 'plain') throw new Error('plain');
        if (answer) throw new VimError(`OpenStack Neutron: ${answer}`, { kind: answer });
        throw new Error('create called more often than the case expects');
      },
      lookup: async () => {
        calls.push('lookup');
        const found = lookups.shift();
        if (!found) throw new Error('lookup called more often than the case expects');
        return found === 'found' ? ['found'] : [];
      },
    };
    const result = await createTagged(ctx, call).catch((err: Error) => (err instanceof VimError ? err.kind : err.message));
    assert.deepEqual(calls, c.calls);
    assert.equal(result, c.result);
  });
}

test('issue 15: duplicates under one tag (two managers each made one) are found; the first is kept, the others removed', async () => {
  const ctx = world.context(operation('op-duplicates', { resumes: 1 }));
  const removed: string[] = [];
  const kept = await createTagged(ctx, {
    create: () => Promise.reject(new Error('nothing is created when one is found')),
    lookup: async () => ['server-a', 'server-b', 'server-c'],
    remove: async (extra) => void removed.push(extra),
  });
  assert.equal(kept, 'server-a');
  assert.deepEqual(removed, ['server-b', 'server-c']);
});

test('issue 15: a duplicate the VIM refuses to remove now (still being built) does not fail the step; the others are still removed', async () => {
  const ctx = world.context(operation('op-duplicate-refused', { resumes: 1 }));
  const removed: string[] = [];
  const kept = await createTagged(ctx, {
    create: () => Promise.reject(new Error('nothing is created when one is found')),
    lookup: async () => ['volume-a', 'volume-b', 'volume-c'],
    remove: async (extra) => {
      if (extra === 'volume-b') throw new Error('400: volume status must be available or error');
      removed.push(extra);
    },
  });
  assert.equal(kept, 'volume-a');
  assert.deepEqual(removed, ['volume-c']);
});
