/**
 * @module Cinder attachment calls (microversion 3.27, the first with the attachments API). Only
 * used to free a volume whose server is gone: Nova normally deletes its attachments itself, but a
 * build it lost (nova-compute down) leaves one behind and the volume stays `reserved`/`in-use`.
 * A DELETE in doubt is safe to replay: a second one answers 404, which the driver counts as gone.
 */
import { listAll } from '../../pager.ts';
import type { ServiceClient } from '../../service-client.ts';
import { attachmentsUrl, attachmentUrl } from './urls.ts';
import { toAttachment, type VolumeAttachmentRecord, type WireAttachment } from './wire.ts';

export const attachmentsMicroversion = '3.27';

export async function listAttachments(cinder: ServiceClient, volumeId: string): Promise<VolumeAttachmentRecord[]> {
  const list = await listAll<WireAttachment>(cinder, attachmentsUrl(), {
    key: 'attachments', query: { volume_id: volumeId }, microversion: attachmentsMicroversion,
  });
  // Filtered again: an older Cinder ignores an unknown filter and lists every attachment.
  return list.map(toAttachment).filter((a) => a.volumeId === volumeId);
}

export async function deleteAttachment(cinder: ServiceClient, id: string): Promise<void> {
  await cinder.delete(attachmentUrl(id), { ok: [200], microversion: attachmentsMicroversion });
}
