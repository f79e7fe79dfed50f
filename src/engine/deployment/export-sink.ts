/**
 * The port an EXPORT writes through (SNAP-5): the engine streams a snapshot's image into it and
 * asks it to check and describe what it wrote; where the files go and how the manifest and its
 * deployment XML look is the implementation's business (`src/exports/`). Files are named from the
 * snapshot id and the image's disk format only, never from a name a user chose.
 */
import type { DeploymentSpec } from '../../domain/deployment-spec.ts';
import type { Snapshot } from '../../domain/snapshot.ts';

/** The Glance image an export copies. */
export interface ExportedImage {
  id: string;
  diskFormat: string;
  containerFormat: string;
  size: number;
}

export interface ExportSink {
  /**
   * Streams `data` into a temporary file beside the image file, hashing as it goes, then renames
   * it into place; `progress` is told the bytes written so far after each chunk and awaited.
   * Anything left by an earlier, interrupted attempt is overwritten.
   */
  writeImage(
    snapshotId: string,
    image: ExportedImage,
    data: ReadableStream<Uint8Array>,
    progress: (written: number) => Promise<void>,
  ): Promise<{ sha256: string; size: number }>;
  /** The SHA-256 (hex) of the image file as it is on disk now, read again from the start. */
  imageSha256(snapshotId: string, image: ExportedImage): Promise<string>;
  /** Writes the manifest beside the image (atomically), the deployment rendered as its XML. */
  writeManifest(snapshot: Snapshot, manifest: { tenant: string; deployment: DeploymentSpec; image: ExportedImage; sha256: string }): Promise<void>;
  /** Removes whatever a failed export of the snapshot left (nothing there is fine). */
  discard(snapshotId: string): Promise<void>;
}
