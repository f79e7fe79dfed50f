import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError, type ErrorCode } from '../domain/errors.ts';
import { openTempStore, type TempStore } from '../events/testing/temp-store.ts';
import { operation, tenant } from '../store/contract/fixtures.ts';
import { Admin } from './admin.ts';

const copyPath = () => join(mkdtempSync(join(tmpdir(), 'openvnfm-admin-')), 'copy.sqlite');
const refusedWith = (code: ErrorCode, text: RegExp) => (err: unknown) => isDomainError(err, code) && text.test(err.message);

async function world(body: (w: { temp: TempStore; admin: Admin; resumed: () => number }) => Promise<void>): Promise<void> {
  const temp = await openTempStore();
  let resumes = 0;
  const admin = await Admin.load({ store: temp.store, resume: async () => ((resumes += 1), (await temp.store.listOperations({ status: 'RUNNING' })).length) });
  try {
    await body({ temp, admin, resumed: () => resumes });
  } finally {
    await temp.dispose();
  }
}

test('the mode is stored: a manager loaded again starts in the mode it was left in', async () => {
  await world(async ({ temp, admin }) => {
    assert.equal(admin.opMode(), 'OPERATION');
    assert.equal(await admin.setOpMode({ mode: 'MAINTENANCE', iptCheck: false }), 'MAINTENANCE');
    const again = await Admin.load({ store: await temp.reopen(), resume: async () => 0 });
    assert.equal(again.opMode(), 'MAINTENANCE');
  });
});

test('ipt_check refuses maintenance while an operation is in flight; without it the mode is entered', async () => {
  await world(async ({ temp, admin }) => {
    await temp.store.putOperation(operation('o1', { status: 'RUNNING' }));
    await assert.rejects(admin.setOpMode({ mode: 'MAINTENANCE', iptCheck: true }), refusedWith('CONFLICT', /1 operation\(s\) in flight/));
    assert.equal(admin.opMode(), 'OPERATION');
    assert.equal(await admin.setOpMode({ mode: 'MAINTENANCE', iptCheck: false }), 'MAINTENANCE');
  });
});

test('backup and restore need maintenance; restore also nothing in flight; a restore resumes what the copy holds open', async () => {
  await world(async ({ temp, admin, resumed }) => {
    const path = copyPath();
    await assert.rejects(admin.backup(path), refusedWith('REFUSED_IN_STATE', /^backup needs maintenance mode/));
    await temp.store.putTenant(tenant('t1'));
    await temp.store.putOperation(operation('o1', { status: 'RUNNING' }));
    await admin.setOpMode({ mode: 'MAINTENANCE', iptCheck: false });
    assert.ok((await admin.backup(path)).schemaVersion >= 3, 'a backup while an operation runs is still consistent');
    await assert.rejects(admin.restore(path), refusedWith('CONFLICT', /^cannot restore: 1 operation\(s\) in flight/));
    await temp.store.putOperation(operation('o1', { status: 'COMPLETED' }));
    await temp.store.deleteTenant('t1');
    assert.deepEqual(await admin.restore(path), { resumed: 1 });
    assert.equal(resumed(), 1);
    assert.equal((await temp.store.getOperation('o1'))?.status, 'RUNNING', 'the copy as it was');
    assert.equal((await temp.store.getTenant('t1'))?.name, 't1');
    assert.equal(admin.opMode(), 'MAINTENANCE');
  });
});
