/** Store contract, snapshots (SNAP-4, SNAP-8, SNAP-9): round trip, filters, paging, by name, no parent. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { snapshot, without, withStore, type OpenStore } from './fixtures.ts';

const ids = <T extends { id: string }>(list: T[]) => list.map((x) => x.id);

export function snapshotCases(open: OpenStore): void {
  describe('snapshots', () => {
    test('SNAP-8 round trip with optional fields present and absent; no deployment or VM needed', () =>
      withStore(open, async (store) => {
        const full = snapshot('s1');
        const bare = without(snapshot('s2', { volumeSnapshots: [] }), 'creationEnd', 'imageId', 'vimProjectId', 'vimProject', 'hostId', 'hostname', 'scopeProjectId');
        await store.putSnapshot(full);
        await store.putSnapshot(bare);
        assert.deepStrictEqual(await store.getSnapshot('s1'), full);
        assert.deepStrictEqual(await store.getSnapshot('s2'), bare);
        assert.equal(await store.getSnapshot('nope'), undefined);
      }));

    test('SNAP-8 list and count filter by tenant, VM and name and page in creation order', () =>
      withStore(open, async (store) => {
        const spread = [
          ['a', 't1', 'vm1', 'nightly'],
          ['b', 't2', 'vm2', 'nightly'],
          ['c', 't1', 'vm3', 'weekly'],
          ['d', 't1', 'vm1', 'weekly'],
        ] as const;
        for (const [id, tenant, vmName, name] of spread) await store.putSnapshot(snapshot(id, { tenant, vmName, name }));
        assert.deepEqual(ids(await store.listSnapshots()), ['a', 'b', 'c', 'd']);
        assert.deepEqual(ids(await store.listSnapshots({ tenant: 't1' })), ['a', 'c', 'd']);
        assert.deepEqual(ids(await store.listSnapshots({ vmName: 'vm1' })), ['a', 'd']);
        assert.deepEqual(ids(await store.listSnapshots({ tenant: 't1', vmName: 'vm1', limit: 1, offset: 1 })), ['d']);
        assert.deepEqual(ids(await store.listSnapshots({ name: 'nightly' })), ['a', 'b']);
        assert.equal(await store.countSnapshots({ tenant: 't1' }), 3);
        // An undeploy's look for unfinished snapshots (SNAP-1): by state, within the tenant.
        await store.putSnapshot(snapshot('c', { tenant: 't1', vmName: 'vm3', name: 'weekly', status: 'creating' }));
        await store.putSnapshot(snapshot('b', { tenant: 't2', vmName: 'vm2', name: 'nightly', status: 'exporting' }));
        assert.deepEqual(ids(await store.listSnapshots({ tenant: 't1', statuses: ['creating', 'exporting'] })), ['c']);
        assert.deepEqual(ids(await store.listSnapshots({ statuses: ['creating', 'exporting'] })), ['b', 'c']);
        assert.deepEqual(ids(await store.listSnapshots({ statuses: [] })), []);
        assert.equal(await store.countSnapshots({ name: 'none' }), 0);
      }));

    test('SNAP-5 the XML document kept with a backup reads back by get and list, and an update keeps it', () =>
      withStore(open, async (store) => {
        const xmlFile = '<backup reason="a &amp; b">\n  <note>é</note>\n</backup>';
        await store.putSnapshot(snapshot('s1', { xmlFile }));
        await store.putSnapshot(snapshot('s2'));
        assert.deepStrictEqual(await store.getSnapshot('s1'), snapshot('s1', { xmlFile }));
        assert.deepEqual((await store.listSnapshots()).map((s) => s.xmlFile), [xmlFile, undefined]);
        assert.equal('xmlFile' in (await store.getSnapshot('s2'))!, false);
        await store.putSnapshot(snapshot('s1', { xmlFile, status: 'deleting' }));
        assert.equal((await store.getSnapshot('s1'))?.xmlFile, xmlFile, 'an update keeps it');
      }));

    test('put updates in place; delete removes', () =>
      withStore(open, async (store) => {
        await store.putSnapshot(snapshot('s1'));
        await store.putSnapshot(snapshot('s2'));
        await store.putSnapshot(snapshot('s1', { status: 'deleting', statusMessage: 'Snapshot image [s1] is being deleted.' }));
        assert.equal((await store.getSnapshot('s1'))?.status, 'deleting');
        assert.deepEqual(ids(await store.listSnapshots()), ['s1', 's2']);
        await store.deleteSnapshot('s1');
        await store.deleteSnapshot('absent');
        assert.deepEqual(ids(await store.listSnapshots()), ['s2']);
      }));
  });
}
