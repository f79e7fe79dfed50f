/** @module Cinder v3 volume snapshot calls. */
import { vimTagKey, type VimVolumeSnapshot } from '../../../driver.ts';
import { listAll } from '../../pager.ts';
import type { ServiceClient } from '../../service-client.ts';
import { snapshotsDetailUrl, snapshotsUrl, snapshotUrl } from './urls.ts';
import { createSnapshotBody, toVimSnapshot, type WireSnapshot } from './wire.ts';

export async function createSnapshot(cinder: ServiceClient, volumeId: string, name: string, tag: string): Promise<VimVolumeSnapshot> {
  const body = await cinder.post<{ snapshot: WireSnapshot }>(snapshotsUrl(), createSnapshotBody(volumeId, name, tag), { ok: [202] });
  return toVimSnapshot(body.snapshot);
}

export async function getSnapshot(cinder: ServiceClient, id: string): Promise<VimVolumeSnapshot> {
  return toVimSnapshot((await cinder.get<{ snapshot: WireSnapshot }>(snapshotUrl(id), { ok: [200] })).snapshot);
}

export async function listSnapshots(cinder: ServiceClient, opts: { name?: string; tag?: string }): Promise<VimVolumeSnapshot[]> {
  const query = { name: opts.name, metadata: opts.tag !== undefined ? JSON.stringify({ [vimTagKey]: opts.tag }) : undefined };
  const snapshots = await listAll<WireSnapshot>(cinder, snapshotsDetailUrl(), { key: 'snapshots', query });
  return snapshots.map(toVimSnapshot);
}

export async function deleteSnapshot(cinder: ServiceClient, id: string): Promise<void> {
  await cinder.delete(snapshotUrl(id), { ok: [202] });
}
