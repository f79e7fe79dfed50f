import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors } from '../../domain/errors.ts';
import type { VimDriver } from '../../vim/driver.ts';
import { guardedVims } from './guarded-vims.ts';

/** A driver stand-in that answers two calls: one that reads, one that changes the VIM. */
const driver = { id: 'vim-1', listServers: async () => ['s1'], createServer: async () => ({ id: 's2' }) } as unknown as VimDriver;
const registry = { get: () => driver, defaultId: () => 'vim-1' };
const request = { name: 'a', flavorId: 'f', portIds: [], blockDevices: [], metadata: {}, tag: 't' };

test('issue 15: a call that changes the VIM runs the guard first and is refused once it fails; reads and fields pass', async () => {
  let lost = false;
  const vim = guardedVims(registry, () => {
    if (lost) throw errors.leaseLost('deployment:d1');
  }).get('vim-1');
  assert.deepEqual(await vim.createServer({}, request), { id: 's2' });
  lost = true;
  await assert.rejects(vim.createServer({}, request), /lease on deployment:d1/);
  assert.deepEqual(await vim.listServers({}, {}), ['s1']);
  assert.equal(vim.id, 'vim-1');
});
