/** Cinder volume calls replayed from answers captured on the real Zed rig (fixtures/), IMPL-3. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { expectFixture, loadFixture, startFakeWorld, type FakeWorld, type Fixture } from '../../testing/replay.ts';

const fixture = (name: string): Fixture => loadFixture(join(import.meta.dirname, 'fixtures', name));
let w: FakeWorld;
beforeEach(async () => (w = await startFakeWorld()));
afterEach(() => w.stop());

test('IMPL-3 an empty volume asked bootable is created, then os-set_bootable, as Cinder accepted them', async () => {
  const create = fixture('create-empty.json');
  const bootable = fixture('set-bootable.json');
  const sentCreate = expectFixture(w.cloud, create);
  const sentBootable = expectFixture(w.cloud, bootable);
  const vol = await w.driver.createVolume({}, { name: 'capture-vol', size: 1, bootable: true, tag: 'capture/vol' });
  assert.deepEqual(JSON.parse(sentCreate().body), create.request.body);
  assert.deepEqual(JSON.parse(sentBootable().body), { 'os-set_bootable': { bootable: true } });
  assert.equal(vol.bootable, true);
  assert.equal(vol.status, 'creating');
  assert.equal(vol.metadata.vnfm_tag, 'capture/vol');
  w.cloud.assertDone();
});

test('IMPL-3 Cinder\'s string "true" reads as bootable', async () => {
  const fx = fixture('get-bootable.json');
  expectFixture(w.cloud, fx);
  const vol = await w.driver.getVolume({}, fx.request.path.split('/').pop() ?? '');
  assert.equal(vol?.bootable, true);
  assert.equal(vol?.status, 'available');
  assert.equal(vol?.multiattach, false);
  w.cloud.assertDone();
});
