/**
 * The database backup's file format (`escadm backup|restore`): a gzip'd tar (by `tar`, the npm
 * package) of `manifest.json` and `openvnfm.sqlite`, the consistent copy the store made. The
 * manifest names the format, the manager and schema versions, and the database's size and
 * SHA-256, so a restore refuses a foreign, truncated or altered archive before the database is
 * touched. Unpacking takes the two known regular files and nothing else (no links, no paths), each
 * at most `limit` bytes as its header declares, into a folder of the caller's.
 *
 * Not in a backup: the embedded emulator's state, the credential file and application.properties
 * (as on ESC, a backup is the database).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { create, extract } from 'tar';
import { errors, messageOf } from '../../domain/errors.ts';

export const databaseEntry = 'openvnfm.sqlite';
const manifestEntry = 'manifest.json';
const format = 'openvnfm-backup';
const formatVersion = 1;

export interface BackupManifest {
  format: typeof format;
  formatVersion: typeof formatVersion;
  createdAt: string;
  managerVersion: string;
  schemaVersion: number;
  database: { file: typeof databaseEntry; bytes: number; sha256: string };
  notIncluded: string[];
}

/** Packs `<dir>/openvnfm.sqlite` with its manifest into `<dir>/backup.tar.gz`; returns that path. */
export async function packBackup(dir: string, o: { createdAt: string; managerVersion: string; schemaVersion: number }): Promise<string> {
  const database = join(dir, databaseEntry);
  const manifest: BackupManifest = {
    format,
    formatVersion,
    createdAt: o.createdAt,
    managerVersion: o.managerVersion,
    schemaVersion: o.schemaVersion,
    database: { file: databaseEntry, bytes: (await stat(database)).size, sha256: await sha256Of(database) },
    notIncluded: ["the embedded OpenStack emulator's state", 'the credential file', 'application.properties'],
  };
  await writeFile(join(dir, manifestEntry), `${JSON.stringify(manifest, null, 2)}\n`);
  const archive = join(dir, 'backup.tar.gz');
  await create({ gzip: true, file: archive, cwd: dir, portable: true }, [manifestEntry, databaseEntry]);
  return archive;
}

/** Unpacks `archive` into `dir` and checks it whole; the database file's path and the manifest. */
export async function unpackBackup(archive: string, dir: string, limit: number): Promise<{ database: string; manifest: BackupManifest }> {
  try {
    await extract({
      file: archive,
      cwd: dir,
      strict: true,
      filter: (path, entry) => [manifestEntry, databaseEntry].includes(path) && 'type' in entry && entry.type === 'File' && (entry.size ?? 0) <= limit,
    });
  } catch (err) {
    throw errors.backupArchiveInvalid(`is not a readable .tar.gz: ${messageOf(err)}`);
  }
  const manifest = await readManifest(join(dir, manifestEntry));
  const database = join(dir, databaseEntry);
  const found = await stat(database).then((s) => s.size, () => undefined);
  if (found === undefined) throw errors.backupArchiveInvalid(`has no ${databaseEntry} (at most ${limit} bytes)`);
  if (found !== manifest.database.bytes || (await sha256Of(database)) !== manifest.database.sha256)
    throw errors.backupArchiveInvalid(`${databaseEntry} does not match its manifest (size or SHA-256)`);
  return { database, manifest };
}

async function readManifest(path: string): Promise<BackupManifest> {
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as Partial<BackupManifest>;
  } catch {
    throw errors.backupArchiveInvalid(`has no readable ${manifestEntry}`);
  }
  if (manifest?.format !== format || manifest.formatVersion !== formatVersion)
    throw errors.backupArchiveInvalid(`is not an ${format} version ${formatVersion} (manifest format ${String(manifest?.format)} ${String(manifest?.formatVersion)})`);
  const db = manifest.database;
  if (typeof db?.bytes !== 'number' || typeof db.sha256 !== 'string') throw errors.backupArchiveInvalid(`${manifestEntry} does not describe the database`);
  return manifest as BackupManifest;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
