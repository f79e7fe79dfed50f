/**
 * Image bytes, kept out of the JSON state so a state write stays small. In a data folder each blob
 * is its own file, written before the state that refers to it (temp + fsync + rename), so a crash
 * never leaves an active image without its data.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';

export interface BlobStore {
  put(id: string, data: Buffer): void;
  get(id: string): Buffer | undefined;
  delete(id: string): void;
}

export function memoryBlobs(): BlobStore {
  const blobs = new Map<string, Buffer>();
  return {
    put: (id, data) => void blobs.set(id, data),
    get: (id) => blobs.get(id),
    delete: (id) => void blobs.delete(id),
  };
}

export function directoryBlobs(dir: string): BlobStore {
  mkdirSync(dir, { recursive: true });
  const path = (id: string) => join(dir, id.replace(/[^A-Za-z0-9-]/g, '_'));
  return {
    put: (id, data) => writeFileAtomic(path(id), data),
    get: (id) => {
      try {
        return readFileSync(path(id));
      } catch {
        return undefined;
      }
    },
    delete: (id) => rmSync(path(id), { force: true }),
  };
}
