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
  container_format?: string | null;
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
  const volumeSnapshotIds = snapshotIdsOf(properties.block_device_mapping);
  return {
    id: w.id,
    name: w.name ?? '',
    status: w.status,
    size: w.size ?? undefined,
    diskFormat: w.disk_format ?? undefined,
    containerFormat: w.container_format ?? undefined,
    properties,
    ...(volumeSnapshotIds.length > 0 ? { volumeSnapshotIds } : {}),
  };
}

/**
 * The `snapshot_id`s of the `block_device_mapping` property Nova sets on the image of a
 * volume-booted server: a JSON list (as text) of block device mappings, ordered by boot index.
 */
function snapshotIdsOf(mapping: string | undefined): string[] {
  if (mapping === undefined) return [];
  let list: unknown;
  try {
    list = JSON.parse(mapping);
  } catch {
    return [];
  }
  if (!Array.isArray(list)) return [];
  const rows = list.filter((b): b is { snapshot_id: string; boot_index?: unknown } => typeof b?.snapshot_id === 'string');
  const rank = (b: { boot_index?: unknown }) => (typeof b.boot_index === 'number' && b.boot_index >= 0 ? b.boot_index : Infinity);
  return rows.sort((a, b) => rank(a) - rank(b)).map((b) => b.snapshot_id);
}
