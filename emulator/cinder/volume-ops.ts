/**
 * Volume and snapshot life cycles shared by Cinder's API and Nova (boot from volume, attach,
 * detach, createImage of a volume-booted server): each call validates, sets the transient status
 * (`creating`, `attaching`, `detaching`, `deleting`) and schedules the transition that ends it.
 */
import type { Cloud } from '../state/cloud.ts';
import type { Snapshot, Volume } from '../state/model.ts';
import { badRequest, notFound } from '../http/types.ts';
import { uuid } from '../state/ids.ts';

export interface VolumeRequest {
  projectId: string;
  userId: string;
  name: string | null;
  description?: string | null;
  size?: number;
  imageId?: string | null;
  snapshotId?: string | null;
  sourceVolid?: string | null;
  volumeType?: string | null;
  metadata?: Record<string, string>;
  multiattach?: boolean;
  /** Nova boot from volume: attach to this server once created. */
  attachTo?: { serverId: string; device: string; attachmentId: string };
}

const GiB = 1024 ** 3;

export function volume(cloud: Cloud, id: string): Volume {
  const v = cloud.state.volumes[id];
  if (!v) throw notFound(`Volume ${id} could not be found.`);
  return v;
}

export function snapshot(cloud: Cloud, id: string): Snapshot {
  const s = cloud.state.snapshots[id];
  if (!s) throw notFound(`Snapshot ${id} could not be found.`);
  return s;
}

function sourceOf(cloud: Cloud, req: VolumeRequest): { size: number; bootable: boolean; imageMetadata: Record<string, string> | null } {
  if (req.snapshotId) {
    const snap = snapshot(cloud, req.snapshotId);
    if (snap.status !== 'available') {
      throw badRequest(`Invalid snapshot: Originating snapshot status must be one of 'available' values`);
    }
    const origin = cloud.state.volumes[snap.volumeId];
    return { size: snap.size, bootable: origin?.bootable ?? false, imageMetadata: origin?.imageMetadata ?? null };
  }
  if (req.sourceVolid) {
    const src = volume(cloud, req.sourceVolid);
    return { size: src.size, bootable: src.bootable, imageMetadata: src.imageMetadata };
  }
  if (req.imageId) {
    const image = cloud.state.images[req.imageId];
    if (!image || image.status !== 'active') throw badRequest('Invalid image identifier or unable to access requested image.');
    const minGb = Math.max(image.min_disk, Math.ceil((image.size ?? 0) / GiB));
    // As Cinder: the image's user properties too, and whether its signature was verified (no signature: False).
    const meta: Record<string, string> = {
      ...image.properties, signature_verified: 'False',
      image_id: image.id, image_name: image.name ?? '', checksum: image.checksum ?? '', container_format: image.container_format ?? '', disk_format: image.disk_format ?? '', min_disk: String(image.min_disk), min_ram: String(image.min_ram), size: String(image.size ?? 0),
    };
    return { size: minGb, bootable: true, imageMetadata: meta };
  }
  return { size: 0, bootable: false, imageMetadata: null };
}

export function createVolume(cloud: Cloud, req: VolumeRequest): Volume {
  const source = sourceOf(cloud, req);
  const size = req.size ?? source.size;
  if (!Number.isInteger(size) || size < 1) {
    throw badRequest(`Invalid input received: Volume size '${String(req.size)}' must be an integer and greater than 0.`);
  }
  if (size < source.size) {
    throw badRequest(
      req.snapshotId
        ? `Invalid input received: Volume size '${size}'GB cannot be smaller than the snapshot size ${source.size}GB. They must be >= original snapshot size.`
        : `Invalid input received: Volume size '${size}'GB cannot be smaller than the source size ${source.size}GB.`,
    );
  }
  const now = cloud.clock.now();
  const v: Volume = {
    id: uuid(),
    name: req.name,
    description: req.description ?? null,
    status: 'creating',
    size,
    projectId: req.projectId,
    userId: req.userId,
    createdAt: now,
    updatedAt: now,
    volumeType: req.volumeType ?? '__DEFAULT__',
    snapshotId: req.snapshotId ?? null,
    sourceVolid: req.sourceVolid ?? null,
    imageId: req.imageId ?? null,
    bootable: source.bootable,
    multiattach: req.multiattach ?? false,
    metadata: req.metadata ?? {},
    attachments: [],
    imageMetadata: source.imageMetadata,
  };
  cloud.state.volumes[v.id] = v;
  cloud.scheduler.schedule('volume.create', v.id, 'volumeCreate', req.attachTo ? { attachTo: req.attachTo } : {});
  return v;
}

export function setVolumeStatus(cloud: Cloud, v: Volume, status: string): void {
  v.status = status;
  v.updatedAt = cloud.clock.now();
}

/** Cinder's rule for delete (spec §4: in-use / has snapshots → 400). */
export function volumeDeletable(cloud: Cloud, v: Volume, opts: { cascade?: boolean } = {}): boolean {
  const hasSnapshots = Object.values(cloud.state.snapshots).some((s) => s.volumeId === v.id);
  const statuses = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];
  return statuses.includes(v.status) && v.attachments.length === 0 && (!hasSnapshots || opts.cascade === true);
}

/** Nova deletes delete_on_termination volumes the same way, and leaves those Cinder refuses. */
export function startVolumeDelete(cloud: Cloud, v: Volume, opts: { cascade?: boolean } = {}): void {
  const snaps = Object.values(cloud.state.snapshots).filter((s) => s.volumeId === v.id);
  if (!volumeDeletable(cloud, v, opts)) {
    throw badRequest(
      'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
    );
  }
  for (const s of snaps) startSnapshotDelete(cloud, s);
  setVolumeStatus(cloud, v, 'deleting');
  cloud.scheduler.schedule('volume.delete', v.id, 'volumeDelete');
}

export interface SnapshotRequest {
  volumeId: string;
  projectId: string;
  userId: string;
  name: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
  force?: boolean;
  /** Nova createImage of a volume-booted server: finish this image when the snapshot is ready. */
  forImage?: { imageId: string; serverId: string };
}

export function createSnapshot(cloud: Cloud, req: SnapshotRequest): Snapshot {
  const v = volume(cloud, req.volumeId);
  const ok = v.status === 'available' || (req.force === true && v.status === 'in-use');
  if (!ok) throw badRequest(`Invalid volume: Volume ${v.id} status must be available, but current status is: ${v.status}.`);
  const now = cloud.clock.now();
  const s: Snapshot = {
    id: uuid(),
    name: req.name,
    description: req.description ?? null,
    status: 'creating',
    size: v.size,
    volumeId: v.id,
    projectId: req.projectId,
    userId: req.userId,
    createdAt: now,
    updatedAt: now,
    metadata: req.metadata ?? {},
  };
  cloud.state.snapshots[s.id] = s;
  cloud.scheduler.schedule('snapshot.create', s.id, 'snapshotCreate', req.forImage ? { forImage: req.forImage } : {});
  return s;
}

export function startSnapshotDelete(cloud: Cloud, s: Snapshot): void {
  if (!['available', 'error', 'error_deleting'].includes(s.status)) {
    throw badRequest('Invalid snapshot: Volume Snapshot status must be available or error and must not be part of a group.');
  }
  s.status = 'deleting';
  s.updatedAt = cloud.clock.now();
  cloud.scheduler.schedule('snapshot.delete', s.id, 'snapshotDelete');
}

export function startAttach(cloud: Cloud, v: Volume, attach: { serverId: string; device: string; attachmentId: string }): void {
  if (v.status !== 'available' && !(v.multiattach && v.status === 'in-use')) {
    throw badRequest(`Invalid volume: volume ${v.id} status must be 'available'. Currently in '${v.status}'`);
  }
  setVolumeStatus(cloud, v, 'attaching');
  cloud.scheduler.schedule('volume.attach', v.id, 'volumeAttach', { attach });
}

/** Records a finished attachment (status in-use). */
export function completeAttach(cloud: Cloud, v: Volume, attach: { serverId: string; device: string; attachmentId: string }): void {
  v.attachments.push({ id: attach.attachmentId, serverId: attach.serverId, device: attach.device, attachedAt: cloud.clock.now() });
  setVolumeStatus(cloud, v, 'in-use');
}

export function startDetach(cloud: Cloud, v: Volume, serverId: string): void {
  setVolumeStatus(cloud, v, 'detaching');
  cloud.scheduler.schedule('volume.detach', v.id, 'volumeDetach', { serverId });
}

/** Removes a server's attachment at once (server deletion). */
export function dropAttachment(cloud: Cloud, v: Volume, serverId: string): void {
  v.attachments = v.attachments.filter((a) => a.serverId !== serverId);
  setVolumeStatus(cloud, v, v.attachments.length > 0 ? 'in-use' : 'available');
}
