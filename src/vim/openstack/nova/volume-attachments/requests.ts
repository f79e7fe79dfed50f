/**
 * @module Volume attach and detach go through Nova, which drives Cinder's attachment API
 * (openstack-api.md §2.6). An attach in doubt is not replayed: a replay of an attach that did
 * happen is refused by Nova, so the caller reads the volume's `attachments` instead.
 */
import type { ServiceClient } from '../../service-client.ts';
import { attachmentsUrl, attachmentUrl } from './urls.ts';

export async function attachVolume(nova: ServiceClient, serverId: string, volumeId: string): Promise<void> {
  await nova.post(attachmentsUrl(serverId), { volumeAttachment: { volumeId } }, { ok: [200] });
}

export async function detachVolume(nova: ServiceClient, serverId: string, volumeId: string): Promise<void> {
  await nova.delete(attachmentUrl(serverId, volumeId), { ok: [202] });
}
