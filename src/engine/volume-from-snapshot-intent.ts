/**
 * The front door of "volume from snapshot" (REST-4): the request checked against the snapshot it
 * names (ours, available, with a volume snapshot: the boot volume's is used) and turned into the
 * operation's input, with the copies of the snapshot the workflow needs (it may be deleted
 * meanwhile). The operation runs on the tenant's queue (after a pending delete of the snapshot,
 * before a later one).
 */
import type { Snapshot } from '../domain/snapshot.ts';
import { bootVolumeSnapshot, type VolumeFromSnapshotSpec } from '../domain/volume-from-snapshot.ts';
import type { VolumeFromSnapshotInput } from './workflows/volume-from-snapshot.ts';

export function volumeFromSnapshotInput(snapshot: Snapshot, running: boolean, spec: VolumeFromSnapshotSpec): VolumeFromSnapshotInput {
  const volumeSnapshot = bootVolumeSnapshot(snapshot, running);
  return {
    snapshotId: snapshot.id,
    volumeSnapshotId: volumeSnapshot.id,
    spec,
    vimConnector: snapshot.vimConnector,
    ...(snapshot.scopeProjectId === undefined ? {} : { scopeProjectId: snapshot.scopeProjectId }),
    ...(snapshot.vimProjectId === undefined ? {} : { tenantId: snapshot.vimProjectId }),
  };
}
