/** Cinder v3 volume snapshot on the wire (openstack-api.md §4) → `VimVolumeSnapshot`. */
import { vimTagKey, type VimVolumeSnapshot } from '../../../driver.ts';

export interface WireSnapshot {
  id: string;
  name: string | null;
  status: string;
  volume_id: string;
  size: number;
  metadata?: Record<string, string>;
}

export function toVimSnapshot(w: WireSnapshot): VimVolumeSnapshot {
  return { id: w.id, name: w.name ?? '', status: w.status, volumeId: w.volume_id, size: w.size, metadata: w.metadata ?? {} };
}

/** `force: true` snapshots an attached (`in-use`) volume too, as ESC snapshots running VMs. */
export function createSnapshotBody(volumeId: string, name: string, tag: string): unknown {
  return { snapshot: { volume_id: volumeId, name, force: true, metadata: { [vimTagKey]: tag } } };
}
