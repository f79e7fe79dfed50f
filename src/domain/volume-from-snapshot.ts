/**
 * A Cinder volume made from a VM snapshot's volume snapshot (REST-3, REST-4): the request as
 * validated, and which volume snapshot of a snapshot it is made from. The volume is out of band
 * (REST-3): the manager never records it on a VM and never deletes it. Pure: no I/O.
 */
import { errors } from './errors.ts';
import { nameProblem, type Snapshot, type VolumeSnapshotRecord } from './snapshot.ts';

/** REST-4: `name` (1 to 255 characters, not unique), the optional rest with their defaults. */
export interface VolumeFromSnapshotSpec {
  name: string;
  /** Absent: the VIM's default volume type. */
  volumeType?: string;
  multiattach: boolean;
  bootable: boolean;
}

/**
 * REST-4: the request's JSON object checked field by field; attributes it does not name are
 * ignored. Throws INVALID_INPUT naming the first bad field.
 */
export function volumeFromSnapshotSpec(body: unknown): VolumeFromSnapshotSpec {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.volumeRequestInvalid('body', 'must be a JSON object');
  const o = body as Record<string, unknown>;
  if (o.name === undefined) throw errors.volumeRequestInvalid('name', 'is mandatory');
  if (typeof o.name !== 'string') throw errors.volumeRequestInvalid('name', 'must be a string');
  const problem = nameProblem(o.name);
  if (problem) throw errors.volumeRequestInvalid('name', problem);
  if (o.volume_type !== undefined && (typeof o.volume_type !== 'string' || o.volume_type === ''))
    throw errors.volumeRequestInvalid('volume_type', 'must be a non-empty string');
  return {
    name: o.name,
    ...(o.volume_type === undefined ? {} : { volumeType: o.volume_type as string }),
    multiattach: flag(o, 'multiattach', false),
    bootable: flag(o, 'bootable', true),
  };
}

function flag(o: Record<string, unknown>, field: string, fallback: boolean): boolean {
  const v = o[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw errors.volumeRequestInvalid(field, 'must be true or false');
  return v;
}

/**
 * The volume snapshot a volume is made from: the boot volume's. The records are in the order of
 * the image's block device mapping by boot index (boot_index 0 first), so it is the first one.
 * Refused when the snapshot is still being made or removed, failed, or has no volume snapshot
 * (an image-booted VM's, REST-4).
 */
export function bootVolumeSnapshot(s: Snapshot, running: boolean): VolumeSnapshotRecord {
  if (s.status !== 'available' && running) throw errors.snapshotBusy(s.id, s.status);
  if (s.status !== 'available') throw errors.snapshotNotAvailable(s.id, s.status);
  const first = s.volumeSnapshots[0];
  if (!first) throw errors.snapshotWithoutVolumeSnapshot(s.id);
  return first;
}
