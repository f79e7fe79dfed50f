/** A Glance image as the API shows it (spec §3): bare object, custom properties at top level. */
import type { Image } from '../state/model.ts';
import { secondsZ } from '../state/time-format.ts';

export function imageView(image: Image): Record<string, unknown> {
  const { properties, created_at, updated_at, ...core } = image;
  return {
    ...properties,
    ...core,
    created_at: secondsZ(created_at),
    updated_at: secondsZ(updated_at),
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  };
}

/** Fields Glance manages itself; a client may not set them. */
export const READ_ONLY = new Set(['status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'created_at', 'updated_at', 'self', 'file', 'schema', 'owner', 'direct_url', 'locations']);

/** Core attributes stored as fields; anything else is a custom property. */
export const CORE = new Set(['name', 'disk_format', 'container_format', 'visibility', 'protected', 'min_ram', 'min_disk', 'os_hidden', 'tags']);
