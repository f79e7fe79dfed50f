/**
 * Store contract, transactions (IMPL-4): all-or-nothing writes, nesting, and isolation from
 * concurrent callers — the part an async store on one connection most easily gets wrong.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import type { Store } from '../store.ts';
import { deployment, event, message, operation, step, tenant, vm, withStore, type OpenStore } from './fixtures.ts';

class Boom extends Error {}

/** Writes one of everything through `tx`, yielding to the event loop between writes. */
async function writeEverything(tx: Store): Promise<void> {
  await tx.putTenant(tenant('t1'));
  await tick();
  await tx.putDeployment(deployment('d1'));
  await tx.putVm(vm('v1', 'd1'));
  await tick();
  await tx.putOperation(operation('o1'));
  await tx.recordStep(step('o1', 1));
  await tx.appendEvent(event('e1'));
  await tick();
  await tx.enqueueOutbox(message('m1'));
}

async function assertEmpty(store: Store): Promise<void> {
  assert.deepEqual(await store.listTenants(), []);
  assert.deepEqual(await store.listDeployments(), []);
  assert.deepEqual(await store.listVms(), []);
  assert.deepEqual(await store.listOperations({}), []);
  assert.deepEqual(await store.getSteps('o1'), []);
  assert.deepEqual(await store.listEvents(), []);
  assert.equal(await store.lastEventSeq(), 0);
  assert.deepEqual(await store.listOutbox(), []);
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export function transactionCases(open: OpenStore): void {
  describe('transactions', () => {
    test('IMPL-4 commit: every write is kept and fn’s value returned', () =>
      withStore(open, async (store) => {
        const result = await store.transaction(async (tx) => {
          await writeEverything(tx);
          return 42;
        });
        assert.equal(result, 42);
        assert.equal((await store.getVm('v1'))?.id, 'v1');
        assert.equal((await store.getSteps('o1')).length, 1);
        assert.equal((await store.listOutbox()).length, 1);
        assert.equal(await store.lastEventSeq(), 1);
      }));

    test('IMPL-4 rollback: an error in fn undoes every write and is rethrown as is', () =>
      withStore(open, async (store) => {
        const boom = new Boom('step failed');
        await assert.rejects(
          store.transaction(async (tx) => {
            await writeEverything(tx);
            throw boom;
          }),
          (e) => e === boom,
        );
        await assertEmpty(store);
      }));

    test('a failed store call inside fn rolls back the writes before it', () =>
      withStore(open, async (store) => {
        await store.putOperation(operation('o1'));
        await store.recordStep(step('o1', 1));
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.putTenant(tenant('t1'));
            await tx.recordStep(step('o1', 1));
          }),
        );
        assert.equal(await store.getTenant('t1'), undefined);
      }));

    test('nested transaction joins the outer one: an outer failure undoes the inner writes', () =>
      withStore(open, async (store) => {
        await assert.rejects(
          store.transaction(async (tx) => {
            const inner = await tx.transaction(async (nested) => {
              await nested.putTenant(tenant('inner'));
              return 'inner done';
            });
            assert.equal(inner, 'inner done');
            throw new Boom('outer failed');
          }),
          Boom,
        );
        assert.equal(await store.getTenant('inner'), undefined);
      }));

    test('concurrent transactions do not interleave: read-modify-write loses no update', () =>
      withStore(open, async (store) => {
        await store.putOperation(operation('o1'));
        const bump = () =>
          store.transaction(async (tx) => {
            const op = await tx.getOperation('o1');
            await tick();
            await tx.putOperation({ ...operation('o1'), resumes: (op?.resumes ?? 0) + 1 });
          });
        const failing = store.transaction(async (tx) => {
          await tx.putOperation({ ...operation('o1'), resumes: 1000 });
          await tick();
          throw new Boom('rolled back');
        });
        const results = await Promise.allSettled([bump(), failing, bump(), bump(), bump(), bump()]);
        assert.deepEqual(
          results.map((r) => r.status),
          ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
        );
        assert.equal((await store.getOperation('o1'))?.resumes, 5);
      }));

    test('a call outside an open transaction neither sees nor joins its writes', () =>
      withStore(open, async (store) => {
        const wrote = deferred();
        const release = deferred();
        const tx = store.transaction(async (handle) => {
          await handle.putTenant(tenant('inside'));
          wrote.resolve();
          await release.promise;
          throw new Boom('roll back');
        });
        await wrote.promise;
        const outsideRead = store.getTenant('inside');
        const outsideWrite = store.putTenant(tenant('outside'));
        await tick();
        release.resolve();
        await assert.rejects(tx, Boom);
        assert.equal(await outsideRead, undefined);
        await outsideWrite;
        assert.equal((await store.getTenant('outside'))?.name, 'outside');
        assert.equal(await store.getTenant('inside'), undefined);
      }));

    test('a transaction handle refuses work after its transaction ended', () =>
      withStore(open, async (store) => {
        let leaked: Store | undefined;
        await store.transaction(async (tx) => {
          leaked = tx;
        });
        assert.ok(leaked);
        await assert.rejects(leaked.putTenant(tenant('late')));
        assert.equal(await store.getTenant('late'), undefined);
      }));
  });
}
