/** Cinder snapshot create replayed from an answer captured on the real Zed rig (fixtures/), SNAP-1. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { expectFixture, loadFixture, startFakeWorld, type FakeWorld } from '../../testing/replay.ts';

let w: FakeWorld;
beforeEach(async () => (w = await startFakeWorld()));
afterEach(() => w.stop());

test('SNAP-1 a volume snapshot is created with force and its tag, as Cinder accepted it', async () => {
  const fx = loadFixture(join(import.meta.dirname, 'fixtures', 'create.json'));
  const sent = expectFixture(w.cloud, fx);
  const volumeId = (fx.request.body as { snapshot: { volume_id: string } }).snapshot.volume_id;
  const snap = await w.driver.createVolumeSnapshot({}, volumeId, 'capture-snap', 'capture/snap');
  assert.deepEqual(JSON.parse(sent().body), fx.request.body);
  assert.equal(snap.volumeId, volumeId);
  assert.equal(snap.status, 'creating');
  assert.equal(snap.metadata.vnfm_tag, 'capture/snap');
  w.cloud.assertDone();
});
