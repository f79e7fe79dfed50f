/** @module The compute port over Nova: flavors and servers as bound resources, the rest one call each. */
import type { ComputePort } from '../../driver.ts';
import { bindResource, inScope, type ClientOf } from '../resource.ts';
import { flavorResource } from './flavors/requests.ts';
import { createServerGroup, serverGroupResource } from './server-groups/requests.ts';
import { createServer, createServerImage, listServerIds, rebootServer, serverResource, startServer, stopServer } from './servers/requests.ts';
import { attachInterface, detachInterface } from './interface-attachments/requests.ts';
import { attachVolume, detachVolume } from './volume-attachments/requests.ts';

export function novaComputePort(nova: ClientOf): ComputePort {
  const servers = bindResource(serverResource, nova);
  const serverGroups = bindResource(serverGroupResource, nova);
  return {
    findFlavor: bindResource(flavorResource, nova).find,
    createServer: inScope(nova, createServer),
    getServer: servers.get,
    listServers: servers.list,
    listServerIds: inScope(nova, listServerIds),
    deleteServer: servers.delete,
    startServer: inScope(nova, startServer),
    stopServer: inScope(nova, stopServer),
    rebootServer: inScope(nova, rebootServer),
    createServerImage: inScope(nova, (client, serverId: string, name: string, metadata: Record<string, string>) =>
      createServerImage(client, serverId, { name, metadata })),
    attachVolume: inScope(nova, attachVolume),
    detachVolume: inScope(nova, detachVolume),
    attachInterface: inScope(nova, attachInterface),
    detachInterface: inScope(nova, detachInterface),
    createServerGroup: inScope(nova, createServerGroup),
    getServerGroup: serverGroups.get,
    listServerGroups: serverGroups.list,
    deleteServerGroup: serverGroups.delete,
  };
}
