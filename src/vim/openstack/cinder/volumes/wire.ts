/**
 * @module Cinder v3 volume on the wire (openstack-api.md §4) → `VimVolume`. Cinder spells
 * `bootable` as the string "true"/"false".
 */
import { vimTagKey, type CreateVolumeRequest, type VimVolume } from '../../../driver.ts';

export interface WireVolume {
  id: string;
  name: string | null;
  status: string;
  size: number;
  bootable: string | boolean;
  volume_type?: string | null;
  multiattach?: boolean;
  snapshot_id?: string | null;
  volume_image_metadata?: Record<string, string>;
  attachments?: { server_id: string; device?: string | null }[];
  metadata?: Record<string, string>;
}

export function toVimVolume(w: WireVolume): VimVolume {
  return {
    id: w.id,
    name: w.name ?? '',
    status: w.status,
    size: w.size,
    bootable: w.bootable === true || w.bootable === 'true',
    volumeType: w.volume_type ?? undefined,
    multiattach: w.multiattach === true,
    snapshotId: w.snapshot_id ?? undefined,
    imageId: w.volume_image_metadata?.image_id,
    attachments: (w.attachments ?? []).map((a) => ({ serverId: a.server_id, device: a.device ?? undefined })),
    metadata: w.metadata ?? {},
  };
}

/** `POST /volumes` body; the tag goes into metadata `vnfm_tag`. */
export function createVolumeBody(req: CreateVolumeRequest): unknown {
  return {
    volume: {
      name: req.name,
      ...(req.size !== undefined ? { size: req.size } : {}),
      ...(req.imageId ? { imageRef: req.imageId } : {}),
      ...(req.snapshotId ? { snapshot_id: req.snapshotId } : {}),
      ...(req.volumeType ? { volume_type: req.volumeType } : {}),
      ...(req.multiattach ? { multiattach: true } : {}),
      ...(req.description !== undefined ? { description: req.description } : {}),
      metadata: { [vimTagKey]: req.tag },
    },
  };
}
