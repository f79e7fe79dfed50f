/**
 * @module Cinder v3 volume calls (no microversion: 3.0, as osc 6.0). `bootable` is not a create
 * field in Cinder: a volume made from an image is bootable by itself, and any other volume asked
 * for as bootable gets `os-set_bootable` right after its create (a replayable action).
 */
import type { CreateVolumeRequest, VimVolume } from '../../../driver.ts';
import { readOne } from '../../resource.ts';
import type { ServiceClient } from '../../service-client.ts';
import { cinderResource } from '../resource.ts';
import { volumeActionUrl, volumesDetailUrl, volumesUrl, volumeUrl } from './urls.ts';
import { createVolumeBody, toVimVolume, type WireVolume } from './wire.ts';

export const volumeResource = cinderResource<WireVolume, VimVolume>({
  singular: 'volume', plural: 'volumes', url: volumeUrl, detailUrl: volumesDetailUrl(), fromWire: toVimVolume,
});

export async function createVolume(cinder: ServiceClient, req: CreateVolumeRequest): Promise<VimVolume> {
  const volume = readOne(volumeResource, await cinder.post<unknown>(volumesUrl(), createVolumeBody(req), { ok: [202] }));
  if (req.bootable === true && !req.imageId) {
    await setVolumeBootable(cinder, volume.id, true);
    return { ...volume, bootable: true };
  }
  return volume;
}

export async function setVolumeBootable(cinder: ServiceClient, id: string, bootable: boolean): Promise<void> {
  await cinder.post(volumeActionUrl(id), { 'os-set_bootable': { bootable } }, { ok: [200], idempotent: true });
}
