/**
 * The body of `POST /snapshots/{id}/volumes` (REST-4): a bare JSON object (`name`, `volume_type`,
 * `multiattach`, `bootable`), as the source's sample sends it; there is no XML form.
 */
import { volumeFromSnapshotSpec, type VolumeFromSnapshotSpec } from '../domain/volume-from-snapshot.ts';
import { parseJson } from './document.ts';

export function parseVolumeRequest(text: string): VolumeFromSnapshotSpec {
  return volumeFromSnapshotSpec(parseJson(text));
}
