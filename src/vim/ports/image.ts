/** The image port (Glance): images by name or id, snapshots' images, image data. */
import type { ListFilter, Scope } from './scope.ts';

export interface VimImage {
  id: string;
  name: string;
  /** Glance: queued, saving, active, killed, deleted, pending_delete, ... */
  status: string;
  size?: number;
  diskFormat?: string;
  containerFormat?: string;
  properties: Record<string, string>;
  /**
   * The Cinder snapshots an image of a volume-booted server stands for (SNAP-12): Nova's
   * createImage snapshots each volume and lists them in the image's `block_device_mapping`.
   * Absent on an image that has none.
   */
  volumeSnapshotIds?: string[];
}

export interface ImagePort {
  findImage(scope: Scope, nameOrId: string): Promise<VimImage | undefined>;
  getImage(scope: Scope, id: string): Promise<VimImage | undefined>;
  listImages(scope: Scope, filter?: ListFilter): Promise<VimImage[]>;
  deleteImage(scope: Scope, id: string): Promise<void>;
  downloadImage(scope: Scope, id: string): Promise<ReadableStream<Uint8Array>>;
}
