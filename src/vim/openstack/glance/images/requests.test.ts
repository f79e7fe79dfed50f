/** Glance image reads replayed from answers captured on the real Zed rig (fixtures/), SNAP-1. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { expectFixture, loadFixture, startFakeWorld, type FakeWorld } from '../../testing/replay.ts';

let w: FakeWorld;
beforeEach(async () => (w = await startFakeWorld()));
afterEach(() => w.stop());

test('SNAP-1 a server snapshot image keeps the createImage metadata as properties', async () => {
  const fx = loadFixture(join(import.meta.dirname, 'fixtures', 'get-snapshot-image.json'));
  expectFixture(w.cloud, fx);
  const image = await w.driver.getImage({}, fx.request.path.split('/').pop() ?? '');
  assert.equal(image?.status, 'active');
  assert.equal(image?.properties.vnfm_tag, 'capture/image');
  assert.equal(image?.diskFormat, (fx.response.body as { disk_format: string }).disk_format);
  assert.equal('owner' in (image?.properties ?? {}), false, "Glance's own keys are not properties");
  w.cloud.assertDone();
});

test('IMPL-3 image data downloads as a stream', async () => {
  w.cloud.expect('GET', '/image/v2/images/i1/file', { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: 'QFI\u00fb-bytes' });
  let text = '';
  for await (const chunk of await w.driver.downloadImage({}, 'i1')) text += Buffer.from(chunk).toString();
  assert.equal(text, 'QFI\u00fb-bytes');
  w.cloud.assertDone();
});
