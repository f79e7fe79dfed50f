/**
 * @module Cinder v3 volume calls (no microversion: 3.0, as osc 6.0). `bootable` is not a create
 * field in Cinder: a volume made from an image is bootable by itself, and any other volume asked
 * for as bootable gets `os-set_bootable` right after its create (a replayable action).
 */
import { vimTagKey, type CreateVolumeRequest, type VimVolume } from '../../../driver.ts';
import { listAll } from '../../pager.ts';
import type { ServiceClient } from '../../service-client.ts';
import { volumeActionUrl, volumesDetailUrl, volumesUrl, volumeUrl } from './urls.ts';
import { createVolumeBody, toVimVolume, type WireVolume } from './wire.ts';

export async function createVolume(cinder: ServiceClient, req: CreateVolumeRequest): Promise<VimVolume> {
  const body = await cinder.post<{ volume: WireVolume }>(volumesUrl(), createVolumeBody(req), { ok: [202] });
  const volume = toVimVolume(body.volume);
  if (req.bootable === true && !req.imageId) {
    await setVolumeBootable(cinder, volume.id, true);
    return { ...volume, bootable: true };
  }
  return volume;
}

export async function getVolume(cinder: ServiceClient, id: string): Promise<VimVolume> {
  return toVimVolume((await cinder.get<{ volume: WireVolume }>(volumeUrl(id), { ok: [200] })).volume);
}

/** `GET /volumes/detail`, asking Cinder to filter by name and by the tag metadata. */
export async function listVolumes(cinder: ServiceClient, opts: { name?: string; tag?: string }): Promise<VimVolume[]> {
  const query = { name: opts.name, metadata: opts.tag !== undefined ? JSON.stringify({ [vimTagKey]: opts.tag }) : undefined };
  const volumes = await listAll<WireVolume>(cinder, volumesDetailUrl(), { key: 'volumes', query });
  return volumes.map(toVimVolume);
}

export async function deleteVolume(cinder: ServiceClient, id: string): Promise<void> {
  await cinder.delete(volumeUrl(id), { ok: [202] });
}

export async function setVolumeBootable(cinder: ServiceClient, id: string, bootable: boolean): Promise<void> {
  await cinder.post(volumeActionUrl(id), { 'os-set_bootable': { bootable } }, { ok: [200], idempotent: true });
}
