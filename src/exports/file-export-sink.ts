/**
 * The EXPORT sink on the local file system (SNAP-5 [I]): `<backup.export.dir>/<snapshot-id>/image.<disk_format>`
 * and `manifest.json` beside it. `backup.export.dir` is read at each export (empty: `<data.dir>/exports`),
 * so a run-time change applies to the next export. Each file is written to a temporary name in the
 * same folder and renamed into place, so a reader never sees half a file and a crash leaves only a
 * temporary file the next attempt overwrites. Paths are built from the snapshot id and the disk
 * format only, each checked to be a plain file-name part.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config/config.ts';
import { renderExportManifest } from '../datamodel/export-manifest.ts';
import { errors } from '../domain/errors.ts';
import type { ExportSink } from '../engine/deployment/export-sink.ts';

const plainPart = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function fileExportSink(o: { config: Config; dataDir: string }): ExportSink {
  const folderOf = (snapshotId: string): string => join(exportRoot(o), part(snapshotId));
  const imagePath = (snapshotId: string, diskFormat: string): string => join(folderOf(snapshotId), `image.${part(diskFormat)}`);

  return {
    async writeImage(snapshotId, image, data, progress) {
      const target = imagePath(snapshotId, image.diskFormat);
      await mkdir(folderOf(snapshotId), { recursive: true });
      const temp = `${target}.part`;
      const hash = createHash('sha256');
      const file = await open(temp, 'w');
      let size = 0;
      try {
        for await (const chunk of data) {
          await file.write(chunk);
          hash.update(chunk);
          size += chunk.byteLength;
          await progress(size);
        }
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
      return { sha256: hash.digest('hex'), size };
    },

    async imageSha256(snapshotId, image) {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(imagePath(snapshotId, image.diskFormat))) hash.update(chunk as Buffer);
      return hash.digest('hex');
    },

    async writeManifest(snapshot, manifest) {
      const target = join(folderOf(snapshot.id), 'manifest.json');
      await mkdir(folderOf(snapshot.id), { recursive: true });
      await writeFile(`${target}.part`, renderExportManifest(snapshot, manifest));
      await rename(`${target}.part`, target);
    },

    async discard(snapshotId) {
      await rm(folderOf(snapshotId), { recursive: true, force: true });
    },
  };
}

/** `backup.export.dir`, or `<data.dir>/exports` when it is empty. */
function exportRoot(o: { config: Config; dataDir: string }): string {
  const configured = o.config.string('backup.export.dir').trim();
  return configured === '' ? join(o.dataDir, 'exports') : resolve(configured);
}

function part(value: string): string {
  if (!plainPart.test(value)) throw errors.exportPathPartInvalid(value);
  return value;
}
