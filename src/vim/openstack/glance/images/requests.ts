/**
 * @module Glance v2 image calls. Lists pass `name` and the `vnfm_tag` property to Glance, which
 * filters on any property; the caller still checks locally (`filters.ts`).
 */
import { vimTagKey, type VimImage } from '../../../driver.ts';
import { listAll } from '../../pager.ts';
import type { ServiceClient } from '../../service-client.ts';
import { imageFileUrl, imagesUrl, imageUrl } from './urls.ts';
import { toVimImage, type WireImage } from './wire.ts';

export async function getImage(glance: ServiceClient, id: string): Promise<VimImage> {
  return toVimImage(await glance.get<WireImage>(imageUrl(id), { ok: [200] }));
}

export async function listImages(glance: ServiceClient, opts: { name?: string; tag?: string }): Promise<VimImage[]> {
  const query = { name: opts.name, [vimTagKey]: opts.tag };
  const images = await listAll<WireImage>(glance, imagesUrl(), { key: 'images', query });
  return images.map(toVimImage);
}

export async function deleteImage(glance: ServiceClient, id: string): Promise<void> {
  await glance.delete(imageUrl(id), { ok: [204] });
}

/** The image data; 204 (no data uploaded yet) gives an empty stream. */
export async function downloadImage(glance: ServiceClient, id: string): Promise<ReadableStream<Uint8Array>> {
  return glance.download(imageFileUrl(id), { ok: [200, 204] });
}
