/** Nova volume attachment URLs (openstack-api.md §2.6). */
const e = encodeURIComponent;

export const attachmentsUrl = (serverId: string): string => `servers/${e(serverId)}/os-volume_attachments`;
export const attachmentUrl = (serverId: string, volumeId: string): string =>
  `servers/${e(serverId)}/os-volume_attachments/${e(volumeId)}`;
