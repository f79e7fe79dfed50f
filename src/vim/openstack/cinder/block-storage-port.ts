/**
 * @module The block storage port over Cinder: volumes and snapshots as bound resources; attachments
 * only to free a volume whose server is gone (`attachments/requests.ts`).
 */
import type { BlockStoragePort } from '../../driver.ts';
import { ignoreNotFound } from '../../errors.ts';
import { bindResource, inScope, type ClientOf } from '../resource.ts';
import type { ServiceClient } from '../service-client.ts';
import { deleteAttachment, listAttachments } from './attachments/requests.ts';
import { createSnapshot, snapshotResource } from './snapshots/requests.ts';
import { createVolume, setVolumeBootable, volumeResource } from './volumes/requests.ts';

export function cinderBlockStoragePort(cinder: ClientOf): BlockStoragePort {
  const volumes = bindResource(volumeResource, cinder);
  const snapshots = bindResource(snapshotResource, cinder);
  return {
    createVolume: inScope(cinder, createVolume),
    getVolume: volumes.get,
    listVolumes: volumes.list,
    deleteVolume: volumes.delete,
    setVolumeBootable: inScope(cinder, setVolumeBootable),
    clearVolumeAttachments: inScope(cinder, clearAttachments),
    createVolumeSnapshot: inScope(cinder, createSnapshot),
    getVolumeSnapshot: snapshots.get,
    listVolumeSnapshots: snapshots.list,
    deleteVolumeSnapshot: snapshots.delete,
  };
}

async function clearAttachments(cinder: ServiceClient, volumeId: string, serverIds: string[]): Promise<number> {
  const held = (await listAttachments(cinder, volumeId)).filter((a) => a.serverId !== undefined && serverIds.includes(a.serverId));
  for (const a of held) await ignoreNotFound(() => deleteAttachment(cinder, a.id));
  return held.length;
}
