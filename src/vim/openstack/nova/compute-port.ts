/** @module The compute port over Nova: flavors and servers as bound resources, the rest one call each. */
import type { ComputePort, ListFilter } from '../../driver.ts';
import { bindResource, inScope, type ClientOf } from '../resource.ts';
import { flavorResource } from './flavors/requests.ts';
import { createServerGroup, serverGroupResource } from './server-groups/requests.ts';
import { createServer, createServerImage, rebootServer, serverResource, startServer, stopServer } from './servers/requests.ts';
import { attachInterface, detachInterface } from './interface-attachments/requests.ts';
import { attachVolume, detachVolume } from './volume-attachments/requests.ts';
import { serverDeltas } from './server-deltas.ts';

function isIdsOnly(filter: ListFilter | undefined): filter is { ids: string[] } {
  return filter?.ids !== undefined && Object.values({ ...filter, ids: undefined }).every((v) => v === undefined);
}

export function novaComputePort(nova: ClientOf): ComputePort {
  const servers = bindResource(serverResource, nova);
  const serverGroups = bindResource(serverGroupResource, nova);
  const byId = serverDeltas(servers.list);
  return {
    findFlavor: bindResource(flavorResource, nova).find,
    createServer: inScope(nova, createServer),
    getServer: servers.get,
    // The batched poller's by-id reads (the only lists naming nothing but ids) go by changes-since.
    listServers: (scope, filter) => (isIdsOnly(filter) ? byId(scope, filter.ids) : servers.list(scope, filter)),
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
