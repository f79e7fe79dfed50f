/**
 * Store contract, administration (`escadm op_mode|backup|restore`): the operation mode, and a
 * backup restored into another store giving back every record, with the mode left as it was and
 * event seqs that only grow; a file that is no database changes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isDomainError } from '../../domain/errors.ts';
import type { Store } from '../store.ts';
import { deployment, event, message, operation, snapshot, step, tenant, vm, withStore, type OpenStore } from './fixtures.ts';

const backupPath = () => join(mkdtempSync(join(tmpdir(), 'openvnfm-backup-')), 'copy.sqlite');

/** Everything the store holds that a restore replaces, in one comparable value. */
async function contents(store: Store): Promise<unknown> {
  return [
    await store.listTenants(), await store.listDeployments(), await store.listVms(), await store.listOperations({}),
    await store.getSteps('o1'), await store.listEvents(), await store.listOutbox(), await store.listSnapshots(),
  ];
}

async function fill(store: Store, suffix: string): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.putTenant(tenant(`t${suffix}`));
    await tx.putDeployment(deployment(`d${suffix}`));
    await tx.putVm(vm(`v${suffix}`, `d${suffix}`));
    await tx.putOperation(operation(`o${suffix}`));
    await tx.recordStep(step(`o${suffix}`, 1));
    await tx.appendEvent(event(`e${suffix}`));
    await tx.enqueueOutbox(message(`m${suffix}`));
    await tx.putSnapshot(snapshot(`s${suffix}`));
  });
}

export function adminCases(open: OpenStore): void {
  describe('administration', () => {
    test('the operation mode is OPERATION until set, then what was set', async () => {
      await withStore(open, async (store) => {
        assert.equal(await store.getOpMode(), 'OPERATION');
        await store.putOpMode('MAINTENANCE');
        assert.equal(await store.getOpMode(), 'MAINTENANCE');
        await store.putOpMode('OPERATION');
        assert.equal(await store.getOpMode(), 'OPERATION');
      });
    });

    test('a backup restored into another store gives back every record; its mode stays; seqs only grow', async () => {
      const path = backupPath();
      let saved: unknown;
      await withStore(open, async (source) => {
        await fill(source, '1');
        assert.ok((await source.backupInto(path)).schemaVersion >= 3);
        saved = await contents(source);
      });
      await withStore(open, async (target) => {
        await fill(target, '2');
        await target.appendEvent(event('e3'));
        await target.appendEvent(event('e4'));
        await target.putOpMode('MAINTENANCE');
        await target.restoreFrom(path);
        assert.deepEqual(await contents(target), saved);
        assert.equal(await target.getOpMode(), 'MAINTENANCE', 'the mode is not part of a backup');
        assert.ok((await target.appendEvent(event('e5'))).seq > 3, 'a seq already handed out is never reused');
      });
    });

    test('a file that is no database is refused and changes nothing; neither runs on a transaction', async () => {
      const path = backupPath();
      writeFileSync(path, 'not a database, just text long enough to be read as a header '.repeat(20));
      await withStore(open, async (store) => {
        await fill(store, '1');
        const before = await contents(store);
        await assert.rejects(store.restoreFrom(path), (err) => isDomainError(err, 'INVALID_INPUT') && /backup database is not usable/.test(err.message));
        assert.deepEqual(await contents(store), before);
        await assert.rejects(store.transaction((tx) => tx.backupInto(backupPath())), (err) => isDomainError(err, 'INTERNAL'));
      });
    });
  });
}
