/** Store contract, the event log: seq order, idempotent append, SQL filters (IMPL-4, SNAP-7). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { event, vmRef, without, withStore, type OpenStore } from './fixtures.ts';

const ids = (list: { id: string }[]) => list.map((x) => x.id);

export function eventCases(open: OpenStore): void {
  describe('events', () => {
    test('IMPL-4 append assigns increasing seq; events read back exactly, with their seq', () =>
      withStore(open, async (store) => {
        assert.equal(await store.lastEventSeq(), 0);
        const first = event('e1');
        const second = without(event('e2', { type: 'SERVICE_ALIVE' }), 'vmSource', 'vmGroup', 'operationId');
        const s1 = await store.appendEvent(first);
        const s2 = await store.appendEvent({ ...second, seq: 999 });
        assert.ok(s1 > 0);
        assert.equal(s2, s1 + 1);
        assert.equal(await store.lastEventSeq(), s2);
        assert.deepStrictEqual(await store.listEvents(), [
          { ...first, seq: s1 },
          { ...second, seq: s2 },
        ]);
      }));

    test('append is idempotent on id: same seq, first copy kept, no seq burnt', () =>
      withStore(open, async (store) => {
        const s1 = await store.appendEvent(event('e1'));
        assert.equal(await store.appendEvent(event('e1', { statusMessage: 'replayed' })), s1);
        assert.equal(await store.lastEventSeq(), s1);
        assert.equal(await store.appendEvent(event('e2')), s1 + 1);
        const [stored] = await store.listEvents({ limit: 1 });
        assert.equal(stored?.statusMessage, 'VM Deployed');
      }));

    test('list filters by deployment id and name, tenant, operation, afterSeq and limit', () =>
      withStore(open, async (store) => {
        await store.appendEvent(event('a'));
        const sb = await store.appendEvent(event('b', { deploymentId: 'd2', deploymentName: 'dep-d2', tenant: 't2' }));
        await store.appendEvent(event('c', { operationId: 'op-2' }));
        await store.appendEvent(without(event('d', { type: 'CREATE_TENANT' }), 'deploymentId', 'deploymentName'));
        assert.deepEqual(ids(await store.listEvents({ deploymentId: 'd1' })), ['a', 'c']);
        assert.deepEqual(ids(await store.listEvents({ deploymentName: 'dep-d2' })), ['b']);
        assert.deepEqual(ids(await store.listEvents({ tenant: 't1' })), ['a', 'c', 'd']);
        assert.deepEqual(ids(await store.listEvents({ operationId: 'op-2' })), ['c']);
        assert.deepEqual(ids(await store.listEvents({ afterSeq: sb })), ['c', 'd']);
        assert.deepEqual(ids(await store.listEvents({ afterSeq: sb, tenant: 't1', limit: 1 })), ['c']);
        assert.deepEqual(ids(await store.listEvents({ limit: 2 })), ['a', 'b']);
        assert.deepEqual(ids(await store.listEvents({ deploymentId: 'nope' })), []);
      }));

    test('vmName matches the generated name of vm_source or vm_target', () =>
      withStore(open, async (store) => {
        await store.appendEvent(event('src', { vmSource: vmRef('x_g1_0_1') }));
        await store.appendEvent(event('tgt', { vmSource: vmRef('y_g1_0_2'), vmTarget: vmRef('x_g1_0_1') }));
        await store.appendEvent(event('other', { vmSource: vmRef('y_g1_0_2') }));
        await store.appendEvent(without(event('none'), 'vmSource'));
        assert.deepEqual(ids(await store.listEvents({ vmName: 'x_g1_0_1' })), ['src', 'tgt']);
        assert.deepEqual(ids(await store.listEvents({ vmName: 'y_g1_0_2', deploymentId: 'd1' })), ['tgt', 'other']);
      }));
  });
}
