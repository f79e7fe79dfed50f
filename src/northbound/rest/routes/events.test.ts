import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { assertGolden } from '../../../../test/golden.ts';
import { serviceAliveFailure, vmBackupCreated } from '../../../events/testing/sample-events.ts';
import { api, fixturePath, startHarness, type Harness } from '../testing/harness.ts';
import { defaultEventLimit } from './events.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.engine.events = [vmBackupCreated, serviceAliveFailure];
});
afterEach(() => h.app.close());

test('events: every query parameter reaches the engine filter (internalDeploymentId → deploymentName)', async () => {
  const res = await h.app.inject({
    method: 'GET',
    url: api('/events?internalDeploymentId=dep-1&vmName=dep-1_g1_0_x&tenant=tenant-a&afterSeq=5&limit=10'),
  });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(h.engine.calls, [
    { method: 'listEvents', args: [{ deploymentName: 'dep-1', vmName: 'dep-1_g1_0_x', tenant: 'tenant-a', afterSeq: 5, limit: 10 }] },
  ]);
});

test(`events: limit defaults to ${defaultEventLimit}`, async () => {
  await h.app.inject({ method: 'GET', url: api('/events') });
  assert.deepEqual(h.engine.calls, [{ method: 'listEvents', args: [{ limit: defaultEventLimit }] }]);
});

test('SNAP-7 events as XML: <events> of escEvent notifications (golden)', async () => {
  const res = await h.app.inject({ method: 'GET', url: api('/events') });
  assert.match(String(res.headers['content-type']), /^application\/xml/);
  assertGolden(fixturePath('events.xml'), res.body);
});

test('events as JSON: an array of callback bodies (golden)', async () => {
  const res = await h.app.inject({ method: 'GET', url: api('/events'), headers: { accept: 'application/json' } });
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assertGolden(fixturePath('events.json'), res.body);
});

test('events: a negative afterSeq → 400 naming the parameter, engine not called', async () => {
  const res = await h.app.inject({ method: 'GET', url: api('/events?afterSeq=-1') });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /afterSeq/);
  assert.deepEqual(h.engine.calls, []);
});
