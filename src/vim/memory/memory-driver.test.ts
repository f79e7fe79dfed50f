/** The in-memory driver's clearVolumeAttachments (IMPL-3): only the named servers' attachments go. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../time/fake-clock.ts';
import { MemoryDriver } from './memory-driver.ts';

test('IMPL-3 clearVolumeAttachments drops the gone servers\' attachments; the volume is available once none is left', async () => {
  const vim = new MemoryDriver({ clock: new FakeClock() });
  const image = await vim.findImage({}, 'cirros');
  const server = (id: string) => vim.createServer({}, { name: id, imageId: image?.id, flavorId: 'm1.tiny', portIds: [], blockDevices: [], metadata: {}, tag: id });
  const [gone, kept] = [await server('gone'), await server('kept')];
  const vol = await vim.createVolume({}, { name: 'shared', size: 1, multiattach: true, tag: 'v' });
  await vim.attachVolume({}, gone.id, vol.id);
  await vim.attachVolume({}, kept.id, vol.id);

  assert.equal(await vim.clearVolumeAttachments({}, vol.id, [gone.id]), 1);
  const held = await vim.getVolume({}, vol.id);
  assert.deepEqual(held?.attachments.map((a) => a.serverId), [kept.id]);
  assert.equal(held?.status, 'in-use');
  assert.equal(await vim.clearVolumeAttachments({}, vol.id, [gone.id]), 0);
  assert.equal(await vim.clearVolumeAttachments({}, vol.id, [kept.id]), 1);
  assert.equal((await vim.getVolume({}, vol.id))?.status, 'available');
});
