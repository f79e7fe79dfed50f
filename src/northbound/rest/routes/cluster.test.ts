import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { assertGolden } from '../../../../test/golden.ts';
import { api, fixturePath, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.engine.instances = [
    { id: '5b1c7c3e-8a61-4d5e-9a43-0f6f2b9d8e11', host: 'vnfm-a', heartbeatAgeMs: 412, operations: ['op-1', 'op-3'] },
    { id: 'c2f0e8d4-1b7a-4c39-8e25-6d4a9f0b3c77', host: 'vnfm-b', heartbeatAgeMs: 87, operations: [] },
  ];
});
afterEach(() => h.app.close());

test('issue 15 GET /cluster: every instance with its heartbeat age and operations, as JSON (golden)', async () => {
  const res = await h.app.inject({ method: 'GET', url: api('/cluster') });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assertGolden(fixturePath('cluster.json'), res.body);
  assert.deepEqual(h.engine.calls, [{ method: 'cluster', args: [] }]);
});
