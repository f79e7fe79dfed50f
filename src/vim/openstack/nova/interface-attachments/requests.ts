/**
 * @module A port attached to or detached from a running server through Nova (`os-interface`, Nova
 * API reference "Port Interfaces"): Nova binds the port to the server's host and the server shows
 * its addresses. Only ports made beforehand are attached (`port_id`), so the caller owns each port
 * and decides its delete. An attach in doubt is not replayed: Nova refuses a port already bound
 * (409 "Port ... is still in use"), so the caller reads the port's `device_id` instead.
 */
import type { ServiceClient } from '../../service-client.ts';
import { interfacesUrl, interfaceUrl } from './urls.ts';

export async function attachInterface(nova: ServiceClient, serverId: string, portId: string): Promise<void> {
  await nova.post(interfacesUrl(serverId), { interfaceAttachment: { port_id: portId } }, { ok: [200] });
}

/** 404 when the port is not attached to the server (`ignoreNotFound` makes it idempotent). */
export async function detachInterface(nova: ServiceClient, serverId: string, portId: string): Promise<void> {
  await nova.delete(interfaceUrl(serverId, portId), { ok: [202] });
}
