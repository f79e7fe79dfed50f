/**
 * @module Glance v2 image calls. Lists pass `name` and the `vnfm_tag` property to Glance, which
 * filters on any property; the binding still checks locally (`resource.ts`). An image body is the
 * bare image, with custom properties as top-level strings (`wire.ts`).
 */
import { vimTagKey, type VimImage } from '../../../driver.ts';
import type { ResourceSpec } from '../../resource.ts';
import type { ServiceClient } from '../../service-client.ts';
import { imageFileUrl, imagesUrl, imageUrl } from './urls.ts';
import { toVimImage, type WireImage } from './wire.ts';

export const imageResource: ResourceSpec<WireImage, VimImage> = {
  what: 'image',
  url: imageUrl,
  listUrl: imagesUrl(),
  keys: { many: 'images' },
  ok: { get: [200], delete: [204] },
  fromWire: toVimImage,
  tagOf: (w) => (typeof w[vimTagKey] === 'string' ? w[vimTagKey] : undefined),
  query: (f) => ({ name: f.name, [vimTagKey]: f.tag }),
};

/** The image data; 204 (no data uploaded yet) gives an empty stream. */
export async function downloadImage(glance: ServiceClient, id: string): Promise<ReadableStream<Uint8Array>> {
  return glance.download(imageFileUrl(id), { ok: [200, 204] });
}
