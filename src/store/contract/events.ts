/**
 * Store contract, the event log: seq order, idempotent append, time never decreasing in seq order,
 * SQL filters including the replay window by time and the NETCONF view, retention (IMPL-4, SNAP-7,
 * REST-5, issue 11 item 6).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { event, vmRef, without, withStore, type OpenStore } from './fixtures.ts';

const ids = (list: { id: string }[]) => list.map((x) => x.id);
/** An event time `ms` milliseconds into a fixed second. */
const t = (ms: number) => new Date(Date.parse('2024-05-01T10:00:00.000Z') + ms).toISOString();

export function eventCases(open: OpenStore): void {
  describe('events', () => {
    test('IMPL-4 append assigns increasing seq; events read back exactly, with their seq', () =>
      withStore(open, async (store) => {
        assert.equal(await store.lastEventSeq(), 0);
        const first = event('e1');
        const second = without(event('e2', { type: 'SERVICE_ALIVE' }), 'vmSource', 'vmGroup', 'operationId');
        const { seq: s1 } = await store.appendEvent(first);
        const { seq: s2 } = await store.appendEvent({ ...second, seq: 999 });
        assert.ok(s1 > 0);
        assert.equal(s2, s1 + 1);
        assert.equal(await store.lastEventSeq(), s2);
        assert.deepStrictEqual(await store.listEvents(), [
          { ...first, seq: s1 },
          { ...second, seq: s2 },
        ]);
        const [listed] = await store.listEvents({ limit: 1 });
        assert.equal(JSON.stringify(listed), JSON.stringify({ ...first, seq: s1 }), 'keys in the order written, seq last');
      }));

    test('append is idempotent on id: same seq and stored time, first copy kept, no seq burnt', () =>
      withStore(open, async (store) => {
        const first = await store.appendEvent(event('e1', { time: t(1) }));
        assert.deepEqual(first, { seq: first.seq, time: t(1), inserted: true });
        const again = await store.appendEvent(event('e1', { statusMessage: 'replayed', time: t(9) }));
        assert.deepEqual(again, { seq: first.seq, time: t(1), inserted: false });
        assert.equal(await store.lastEventSeq(), first.seq);
        assert.equal((await store.appendEvent(event('e2', { time: t(9) }))).seq, first.seq + 1);
        const [stored] = await store.listEvents({ limit: 1 });
        assert.equal(stored?.statusMessage, 'VM Deployed');
        assert.equal(stored?.time, t(1));
      }));

    test('time never decreases in seq order: an event stamped before the latest stored one takes its time', () =>
      withStore(open, async (store) => {
        await store.appendEvent(event('a', { time: t(5) }));
        const back = await store.appendEvent(event('b', { time: t(3) }));
        const on = await store.appendEvent(event('c', { time: t(6) }));
        assert.equal(back.time, t(5), 'a clock stepped back');
        assert.equal(on.time, t(6));
        assert.deepEqual(
          (await store.listEvents()).map((e) => e.time),
          [t(5), t(5), t(6)],
        );
      }));

    test('the replay window: time at or after fromTime, at or before toTime, in seq order, paged by afterSeq', () =>
      withStore(open, async (store) => {
        for (const [id, ms] of [['a', 1], ['b', 2], ['c', 2], ['d', 3], ['e', 4]] as const) await store.appendEvent(event(id, { time: t(ms) }));
        assert.deepEqual(ids(await store.listEvents({ fromTime: t(2) })), ['b', 'c', 'd', 'e'], 'the boundary millisecond is in');
        assert.deepEqual(ids(await store.listEvents({ fromTime: t(2), toTime: t(3) })), ['b', 'c', 'd']);
        assert.deepEqual(ids(await store.listEvents({ toTime: t(1) })), ['a']);
        const [, b] = await store.listEvents({ fromTime: t(2), limit: 1 });
        assert.equal(b, undefined);
        const [first] = await store.listEvents({ fromTime: t(2), limit: 1 });
        assert.deepEqual(ids(await store.listEvents({ fromTime: t(2), afterSeq: first?.seq, limit: 2 })), ['c', 'd']);
        assert.deepEqual(ids(await store.listEvents({ fromTime: t(5) })), []);
      }));

    test('REST-5 excludeRestOnly leaves out the REST-only events; without it they are listed', () =>
      withStore(open, async (store) => {
        await store.appendEvent(event('a'));
        await store.appendEvent(event('vol', { type: 'VM_VOLUME_CREATED_EVENT', restOnly: true }));
        await store.appendEvent(event('b'));
        assert.deepEqual(ids(await store.listEvents({ excludeRestOnly: true })), ['a', 'b']);
        assert.deepEqual(ids(await store.listEvents()), ['a', 'vol', 'b']);
        assert.equal((await store.listEvents({ excludeRestOnly: false })).length, 3);
      }));

    test('deleteEventsBefore removes the older events only; the oldest kept comes first; seq is not reused', () =>
      withStore(open, async (store) => {
        for (const [id, ms] of [['a', 1], ['b', 2], ['c', 3]] as const) await store.appendEvent(event(id, { time: t(ms) }));
        assert.equal(await store.deleteEventsBefore(t(3)), 2);
        assert.equal(await store.deleteEventsBefore(t(3)), 0);
        const kept = await store.listEvents();
        assert.deepEqual(ids(kept), ['c']);
        assert.equal((await store.appendEvent(event('d', { time: t(4) }))).seq, (kept[0]?.seq ?? 0) + 1);
        assert.equal(await store.deleteEventsBefore(t(9)), 2);
        assert.equal(await store.lastEventSeq(), 0, 'an empty log');
        assert.equal((await store.appendEvent(event('e', { time: t(9) }))).seq, (kept[0]?.seq ?? 0) + 2, 'seq values are never reused');
      }));

    test('list filters by deployment id and name, tenant, operation, afterSeq and limit', () =>
      withStore(open, async (store) => {
        await store.appendEvent(event('a'));
        const { seq: sb } = await store.appendEvent(event('b', { deploymentId: 'd2', deploymentName: 'dep-d2', tenant: 't2' }));
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
