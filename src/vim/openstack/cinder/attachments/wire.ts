/**
 * @module Cinder v3 attachment on the wire (`GET /attachments`, 3.27, Zed). `instance` is the
 * server the attachment was made for; Cinder never checks that the server still exists.
 */

export interface WireAttachment {
  id: string;
  status: string;
  instance: string | null;
  volume_id: string;
}

export interface VolumeAttachmentRecord {
  id: string;
  serverId?: string;
  volumeId: string;
  status: string;
}

export function toAttachment(w: WireAttachment): VolumeAttachmentRecord {
  return { id: w.id, serverId: w.instance ?? undefined, volumeId: w.volume_id, status: w.status };
}
