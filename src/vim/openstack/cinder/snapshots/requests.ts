/** @module Cinder v3 volume snapshot calls: create, and get / list / delete as the shared Cinder resource. */
import type { VimVolumeSnapshot } from '../../../driver.ts';
import { readOne } from '../../resource.ts';
import type { ServiceClient } from '../../service-client.ts';
import { cinderResource } from '../resource.ts';
import { snapshotsDetailUrl, snapshotsUrl, snapshotUrl } from './urls.ts';
import { createSnapshotBody, toVimSnapshot, type WireSnapshot } from './wire.ts';

export const snapshotResource = cinderResource<WireSnapshot, VimVolumeSnapshot>({
  singular: 'snapshot', plural: 'snapshots', url: snapshotUrl, detailUrl: snapshotsDetailUrl(), fromWire: toVimSnapshot,
});

export async function createSnapshot(cinder: ServiceClient, volumeId: string, name: string, tag: string): Promise<VimVolumeSnapshot> {
  return readOne(snapshotResource, await cinder.post<unknown>(snapshotsUrl(), createSnapshotBody(volumeId, name, tag), { ok: [202] }));
}
