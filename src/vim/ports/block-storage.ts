/** The block storage port (Cinder): volumes, their snapshots, and attachments left by lost builds. */
import type { ListFilter, Scope } from './scope.ts';

export interface VimVolume {
  id: string;
  name: string;
  /** Cinder: creating, available, in-use, attaching, detaching, deleting, error, ... */
  status: string;
  size: number;
  bootable: boolean;
  volumeType?: string;
  multiattach: boolean;
  snapshotId?: string;
  imageId?: string;
  attachments: { serverId: string; device?: string }[];
  metadata: Record<string, string>;
}

export interface CreateVolumeRequest {
  name: string;
  /** GiB. Optional when created from a snapshot (the snapshot's size). */
  size?: number;
  imageId?: string;
  snapshotId?: string;
  volumeType?: string;
  multiattach?: boolean;
  bootable?: boolean;
  description?: string;
  tag: string;
}

export interface VimVolumeSnapshot {
  id: string;
  name: string;
  /** creating, available, deleting, error, ... */
  status: string;
  volumeId: string;
  size: number;
  metadata: Record<string, string>;
}

export interface BlockStoragePort {
  createVolume(scope: Scope, req: CreateVolumeRequest): Promise<VimVolume>;
  getVolume(scope: Scope, id: string): Promise<VimVolume | undefined>;
  listVolumes(scope: Scope, filter?: ListFilter): Promise<VimVolume[]>;
  deleteVolume(scope: Scope, id: string): Promise<void>;
  setVolumeBootable(scope: Scope, id: string, bootable: boolean): Promise<void>;
  /**
   * Deletes the Cinder attachments of a volume held by the given servers (servers already gone:
   * a build Nova lost leaves one behind, keeping the volume `reserved`/`in-use`); returns how
   * many it deleted. Attachments of other servers are left alone.
   */
  clearVolumeAttachments(scope: Scope, volumeId: string, serverIds: string[]): Promise<number>;

  createVolumeSnapshot(scope: Scope, volumeId: string, name: string, tag: string): Promise<VimVolumeSnapshot>;
  getVolumeSnapshot(scope: Scope, id: string): Promise<VimVolumeSnapshot | undefined>;
  listVolumeSnapshots(scope: Scope, filter?: ListFilter): Promise<VimVolumeSnapshot[]>;
  deleteVolumeSnapshot(scope: Scope, id: string): Promise<void>;
}
