/** @module The image port over Glance: images as a bound resource, plus their data. */
import type { ImagePort } from '../../driver.ts';
import { bindResource, inScope, type ClientOf } from '../resource.ts';
import { downloadImage, imageResource } from './images/requests.ts';

export function glanceImagePort(glance: ClientOf): ImagePort {
  const images = bindResource(imageResource, glance);
  return {
    findImage: images.find,
    getImage: images.get,
    listImages: images.list,
    deleteImage: images.delete,
    downloadImage: inScope(glance, downloadImage),
  };
}
