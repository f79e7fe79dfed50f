import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errors } from '../../domain/errors.ts';
import type { VimDriver } from '../../vim/driver.ts';
import { inProcessDriver } from '../../vim/openstack/testing/in-process-driver.ts';
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

test('issue 15: a call queued behind the in-flight bound is refused when it would leave after the lease is lost; nothing reaches the VIM', async (t) => {
  // One request in flight, and Neutron's network create answering after 200 ms: the second create
  // waits in the connector's queue while the first is out, and the lease goes meanwhile.
  const vim = inProcessDriver({ inFlight: () => 1, latencyMs: { 'network.create': 200 } });
  t.after(() => vim.close());
  await vim.driver.listNetworks({}, {}); // the token, outside any run
  let lost = false;
  const guarded = guardedVims({ get: () => vim.driver, defaultId: () => vim.driver.id }, () => {
    if (lost) throw errors.leaseLost('deployment:d1');
  }).get(vim.driver.id);
  const first = guarded.createNetwork({}, { name: 'first', shared: false, adminStateUp: true, tag: 'n1' });
  const second = guarded.createNetwork({}, { name: 'second', shared: false, adminStateUp: true, tag: 'n2' });
  await new Promise((r) => setTimeout(r, 50));
  lost = true;
  await first;
  await assert.rejects(second, /lease on deployment:d1/);
  const names = (await vim.driver.listNetworks({}, {})).map((n) => n.name);
  assert.ok(names.includes('first'));
  assert.ok(!names.includes('second'), 'the queued create never left');
});
