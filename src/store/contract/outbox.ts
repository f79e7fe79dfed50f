/** Store contract, the callback outbox: idempotent enqueue, due order, updates (IMPL-4). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDomainError } from '../../domain/errors.ts';
import { message, without, withStore, type OpenStore } from './fixtures.ts';

const ids = (list: { id: string }[]) => list.map((x) => x.id);

export function outboxCases(open: OpenStore): void {
  describe('outbox', () => {
    test('IMPL-4 round trip with optional fields present and absent; enqueue is idempotent on id', () =>
      withStore(open, async (store) => {
        const bare = message('m1');
        const full = message('m2', {
          operationId: 'op-1',
          eventSeq: 7,
          orderKey: 'deployment:d-1',
          attempts: 3,
          deliveredAt: '2024-05-01T10:01:00.000Z',
          lastError: 'HTTP 503',
          abandonedAt: '2024-05-01T10:02:00.000Z',
        });
        await store.enqueueOutbox(bare);
        await store.enqueueOutbox(full);
        await store.enqueueOutbox(message('m1', { body: 'second copy' }));
        assert.deepStrictEqual(await store.listOutbox(), [bare, full]);
      }));

    test('issue 14 scan: the pending messages in enqueue order whatever createdAt says, light, paged by seq', () =>
      withStore(open, async (store) => {
        await store.enqueueOutbox(message('late', { createdAt: '2024-05-01T12:00:00.000Z', nextAttemptAt: 500, orderKey: 'deployment:d1' }));
        await store.enqueueOutbox(message('early', { createdAt: '2024-05-01T09:00:00.000Z', nextAttemptAt: 100 }));
        await store.enqueueOutbox(message('delivered', { nextAttemptAt: 0, deliveredAt: '2024-05-01T10:00:01.000Z' }));
        await store.enqueueOutbox(message('abandoned', { nextAttemptAt: 0, abandonedAt: '2024-05-01T10:00:01.000Z' }));
        await store.enqueueOutbox(message('future', { nextAttemptAt: 5000 }));
        const all = await store.scanOutbox(0, 10);
        assert.deepEqual(ids(all), ['late', 'early', 'future']);
        assert.deepStrictEqual(
          all.map(({ seq: _seq, ...row }) => row),
          [
            { id: 'late', url: message('late').url, orderKey: 'deployment:d1', nextAttemptAt: 500 },
            { id: 'early', url: message('early').url, nextAttemptAt: 100 },
            { id: 'future', url: message('future').url, nextAttemptAt: 5000 },
          ],
        );
        assert.ok(all[0]!.seq < all[1]!.seq && all[1]!.seq < all[2]!.seq, 'seq rises in enqueue order');
        const first = await store.scanOutbox(0, 2);
        assert.deepEqual(ids(first), ['late', 'early']);
        assert.deepEqual(ids(await store.scanOutbox(first.at(-1)!.seq, 2)), ['future'], 'the next page starts after the last seq');
        assert.deepEqual(await store.scanOutbox(all.at(-1)!.seq, 2), []);
      }));

    test('update changes the message; delivered or abandoned ones leave the scan', () =>
      withStore(open, async (store) => {
        await store.enqueueOutbox(message('m1', { nextAttemptAt: 10 }));
        await store.enqueueOutbox(message('m2', { nextAttemptAt: 20 }));
        const retried = message('m1', { attempts: 1, nextAttemptAt: 30, lastError: 'timeout' });
        await store.updateOutbox(retried);
        assert.deepStrictEqual(await store.listOutbox({ limit: 1 }), [retried]);
        assert.deepEqual((await store.scanOutbox(0, 10)).map((r) => [r.id, r.nextAttemptAt]), [['m1', 30], ['m2', 20]]);
        await store.updateOutbox(message('m2', { attempts: 1, deliveredAt: '2024-05-01T10:00:02.000Z' }));
        await store.updateOutbox({ ...retried, abandonedAt: '2024-05-01T10:00:03.000Z' });
        assert.deepEqual(await store.scanOutbox(0, 10), []);
        const cleared = without({ ...retried, lastError: 'x' }, 'lastError');
        await store.updateOutbox(cleared);
        assert.deepStrictEqual((await store.listOutbox({ limit: 1 }))[0], cleared);
        await assert.rejects(store.updateOutbox(message('ghost')), (e) => isDomainError(e, 'NOT_FOUND'));
      }));

    test('issue 15: claim answers a pending message as stored, only the head of its order (URL and key), again to its owner', () =>
      withStore(open, async (store) => {
        await store.enqueueOutbox(message('a1', { orderKey: 'd-a' }));
        await store.enqueueOutbox(message('a2', { orderKey: 'd-a' }));
        await store.enqueueOutbox(message('b1', { orderKey: 'd-b' }));
        await store.enqueueOutbox(message('n1'));
        await store.enqueueOutbox(message('n2'));
        assert.equal(await store.claimOutbox('a2', 'me', 5000), undefined, 'a1 is older and pending');
        assert.equal(await store.claimOutbox('n2', 'me', 5000), undefined, 'no key: the URL is the order');
        assert.equal(await store.claimOutbox('nope', 'me', 5000), undefined);
        assert.deepStrictEqual(await store.claimOutbox('a1', 'me', 5000), message('a1', { orderKey: 'd-a' }));
        assert.equal((await store.claimOutbox('a1', 'me', 5000))?.id, 'a1', 'renewed by its owner');
        assert.equal((await store.claimOutbox('b1', 'me', 5000))?.id, 'b1', 'another key is its own order');
        assert.equal((await store.claimOutbox('n1', '', 0))?.id, 'n1', 'taken by an outbox without claims');
        assert.equal((await store.claimOutbox('n1', 'other', 5000))?.id, 'n1', 'which holds up no owner');
        await store.updateOutbox(message('a1', { orderKey: 'd-a', attempts: 1, deliveredAt: '2024-05-01T10:01:00.000Z' }));
        assert.equal(await store.claimOutbox('a1', 'me', 5000), undefined, 'delivered');
        assert.equal((await store.claimOutbox('a2', 'me', 5000))?.id, 'a2', 'the head now');
        await store.updateOutbox(message('n1', { abandonedAt: '2024-05-01T10:01:00.000Z' }));
        assert.equal((await store.claimOutbox('n2', 'me', 5000))?.id, 'n2', 'an abandoned message holds up no one');
      }));

    test('list filters pending and pages in enqueue order', () =>
      withStore(open, async (store) => {
        await store.enqueueOutbox(message('a'));
        await store.enqueueOutbox(message('b', { deliveredAt: '2024-05-01T10:00:02.000Z' }));
        await store.enqueueOutbox(message('c'));
        await store.enqueueOutbox(message('d', { abandonedAt: '2024-05-01T10:00:02.000Z' }));
        assert.deepEqual(ids(await store.listOutbox({ pending: true })), ['a', 'c']);
        assert.deepEqual(ids(await store.listOutbox({ pending: false })), ['b', 'd']);
        assert.deepEqual(ids(await store.listOutbox({ limit: 2, offset: 1 })), ['b', 'c']);
      }));
  });
}
