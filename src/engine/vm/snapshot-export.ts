/**
 * EXPORT of a snapshot (SNAP-5): once the image is active, its bytes are streamed from Glance into
 * the export sink while the snapshot shows `exporting` and `Exported <n> of <m> bytes.` (written
 * every few MiB or each second, not per chunk), then the file is read again and its SHA-256 compared
 * with the one taken while downloading; the manifest is written last. Each part is a durable step:
 * a run resumed after a crash downloads the image again unless its step finished (the sink only
 * renames a complete file into place).
 */
import { errors } from '../../domain/errors.ts';
import type { Snapshot } from '../../domain/snapshot.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { ExportedImage } from '../deployment/export-sink.ts';
import { snapshotVim } from '../deployment/snapshot-events.ts';
import type { StepContext } from '../runtime/step-context.ts';

/** How often the progress is written to the snapshot record: each this many bytes, or this often. */
const progressEveryBytes = 4 * 1024 * 1024;
const progressEveryMs = 1_000;

/** Whether the progress at `bytes` and time `now` is due to be written, given what was written last. */
export const progressDue = (last: { bytes: number; at: number }, bytes: number, now: number): boolean =>
  bytes - last.bytes >= progressEveryBytes || now - last.at >= progressEveryMs;

export const exportedMessage = (written: number, total: number): string => `Exported ${written} of ${total} bytes.`;

export interface ExportResult {
  image: ExportedImage;
  sha256: string;
}

/** Copies the snapshot's image out of the VIM and checks the copy; the snapshot stays `exporting`. */
export async function exportSnapshotImage(ctx: StepContext, deps: EngineDeps, s: Snapshot): Promise<ExportResult> {
  const { vim, scope } = snapshotVim(deps, s);
  const imageId = s.imageId!;
  const image = await ctx.step('export-describe', async (): Promise<ExportedImage> => {
    const found = await vim.getImage(scope, imageId);
    if (!found) throw errors.snapshotGone(s.id);
    return { id: found.id, diskFormat: found.diskFormat ?? 'raw', containerFormat: found.containerFormat ?? 'bare', size: found.size ?? 0 };
  });
  await showProgress(deps, s, 0, image.size);
  const written = await ctx.step('export-image', async () => {
    let shown = { bytes: 0, at: deps.clock.now() };
    const progress = async (bytes: number): Promise<void> => {
      ctx.throwIfCancelled();
      const now = deps.clock.now();
      if (!progressDue(shown, bytes, now)) return;
      shown = { bytes, at: now };
      await showProgress(deps, s, bytes, image.size);
    };
    const result = await deps.exports.writeImage(s.id, image, await vim.downloadImage(scope, image.id), progress);
    if (result.size !== image.size) throw errors.exportSizeMismatch(image.id, image.size, result.size);
    return result;
  });
  await showProgress(deps, s, written.size, image.size);
  await ctx.step('export-verify', async () => {
    const found = await deps.exports.imageSha256(s.id, image);
    if (found !== written.sha256) throw errors.exportChecksumMismatch(`image.${image.diskFormat} of snapshot ${s.id}`, written.sha256, found);
  });
  return { image, sha256: written.sha256 };
}

/** Writes the manifest of a finished export, with the deployment the snapshot's VM belongs to. */
export async function writeExportManifest(ctx: StepContext, deps: EngineDeps, s: Snapshot, exported: ExportResult): Promise<void> {
  await ctx.step('export-manifest', async () => {
    const deployment = await deps.store.getDeployment(s.deploymentId);
    if (!deployment) throw errors.deploymentNotFound(s.deploymentName);
    await deps.exports.writeManifest(s, { tenant: s.tenant, deployment: deployment.spec, ...exported });
  });
}

async function showProgress(deps: EngineDeps, s: Snapshot, written: number, total: number): Promise<void> {
  s.status = 'exporting';
  s.statusMessage = exportedMessage(written, total);
  await deps.store.putSnapshot(s);
}
