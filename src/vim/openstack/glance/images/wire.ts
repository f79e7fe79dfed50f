/**
 * @module Glance v2 image on the wire (openstack-api.md §3): a bare object whose custom properties
 * are top-level strings beside Glance's own keys; those strings become `properties`.
 */
import type { VimImage } from '../../../driver.ts';

export type WireImage = Record<string, unknown> & {
  id: string;
  name: string | null;
  status: string;
  size?: number | null;
  disk_format?: string | null;
};

/** Glance's own top-level keys (not custom properties). */
const glanceKeys = new Set([
  'id', 'name', 'status', 'disk_format', 'container_format', 'visibility', 'size', 'virtual_size', 'checksum',
  'os_hash_algo', 'os_hash_value', 'protected', 'min_ram', 'min_disk', 'owner', 'os_hidden', 'created_at',
  'updated_at', 'tags', 'self', 'file', 'schema', 'direct_url', 'locations', 'stores',
]);

export function toVimImage(w: WireImage): VimImage {
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(w)) if (!glanceKeys.has(k) && typeof v === 'string') properties[k] = v;
  return {
    id: w.id,
    name: w.name ?? '',
    status: w.status,
    size: w.size ?? undefined,
    diskFormat: w.disk_format ?? undefined,
    properties,
  };
}
