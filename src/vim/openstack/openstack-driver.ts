/**
 * @module `VimDriver` over HTTP to a real OpenStack (or the emulator): Keystone, Nova, Glance,
 * Cinder and Neutron (IMPL-3). This file only routes each verb to its session (the connector's
 * project or a tenant's) and its one request function, and applies the local half of list
 * filters; wire shapes live in `<service>/<resource>/wire.ts`, HTTP rules in `service-client.ts`.
 *
 * Idempotency (driver.ts): creates store their tag (server/volume/snapshot metadata `vnfm_tag`,
 * Neutron `description`, image property `vnfm_tag`) and `list*({ tag })` finds it; a creating POST
 * in doubt throws `VimError` kind `in-doubt` and is never replayed here.
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../time/clock.ts';
import { vimTagKey, type ListFilter, type Scope, type VimDriver, type VimProject } from '../driver.ts';
import { ignoreNotFound, isVimError } from '../errors.ts';
import * as volumeAttachments from './cinder/attachments/requests.ts';
import * as volumes from './cinder/volumes/requests.ts';
import * as snapshots from './cinder/snapshots/requests.ts';
import type { OpenStackConnectorConfig } from './connector.ts';
import { looksLikeUuid, matchesFilter, orUndefined, pickByNameOrId } from './filters.ts';
import * as images from './glance/images/requests.ts';
import type { Transport } from './http-transport.ts';
import * as projects from './keystone/projects/requests.ts';
import { networks } from './neutron/networks/requests.ts';
import { createNetworkBody } from './neutron/networks/wire.ts';
import { ports } from './neutron/ports/requests.ts';
import { createPortBody } from './neutron/ports/wire.ts';
import type { NeutronResource } from './neutron/resource.ts';
import { subnets } from './neutron/subnets/requests.ts';
import { createSubnetBody } from './neutron/subnets/wire.ts';
import * as flavors from './nova/flavors/requests.ts';
import * as servers from './nova/servers/requests.ts';
import * as attachments from './nova/volume-attachments/requests.ts';
import { vimRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import { openSession, type Session } from './session.ts';
import type { ServiceClient } from './service-client.ts';

export interface OpenStackDriverOptions {
  clock?: Clock;
  fetch?: typeof fetch;
  log?: Logger;
  /** Tests shorten the backoff; production uses `vimRetryPolicy`. */
  retryPolicy?: RetryPolicy;
}

const defaultTimeoutMs = 30_000;

type Tagged<V> = V & { tag?: string };
const untag = <V>({ tag: _tag, ...rest }: Tagged<V>): V => rest as V;

export function createOpenStackDriver(config: OpenStackConnectorConfig, opts: OpenStackDriverOptions = {}): VimDriver {
  const transport: Transport = {
    fetch: opts.fetch ?? globalThis.fetch,
    clock: opts.clock ?? systemClock,
    policy: opts.retryPolicy ?? vimRetryPolicy,
    timeoutMs: config.requestTimeoutMs ?? defaultTimeoutMs,
    log: opts.log,
  };
  const own = openSession(config, transport, { projectName: config.projectName, projectDomainName: config.projectDomainName });
  const tenantSessions = new Map<string, Session>();

  async function session(scope: Scope): Promise<Session> {
    const id = scope.projectId;
    if (id === undefined || id === (await own.tokens.current()).project.id) return own;
    let s = tenantSessions.get(id);
    if (!s) tenantSessions.set(id, (s = openSession(config, transport, { projectId: id })));
    return s;
  }
  const nova = async (scope: Scope) => (await session(scope)).nova;
  const glance = async (scope: Scope) => (await session(scope)).glance;
  const cinder = async (scope: Scope) => (await session(scope)).cinder;
  const neutron = async (scope: Scope) => (await session(scope)).neutron;

  async function findNeutron<W, V extends { id: string; name: string }>(
    resource: NeutronResource<W, Tagged<V>>,
    client: ServiceClient,
    nameOrId: string,
    what: string,
    extra: Record<string, string | undefined> = {},
  ): Promise<V | undefined> {
    const byId = looksLikeUuid(nameOrId) ? await orUndefined(() => resource.get(client, nameOrId)) : undefined;
    const hit = byId ?? pickByNameOrId(await resource.list(client, { name: nameOrId, ...extra }), nameOrId, what);
    return hit && untag(hit);
  }

  async function listNeutron<W, V extends { id: string; name: string }>(
    resource: NeutronResource<W, Tagged<V>>,
    client: ServiceClient,
    filter: ListFilter | undefined,
    extra: Record<string, string | undefined> = {},
  ): Promise<V[]> {
    const items = await resource.list(client, { name: filter?.name, tag: filter?.tag, ...extra });
    return items.filter((i) => matchesFilter(i, filter)).map(untag);
  }

  return {
    id: config.id,
    type: 'OPENSTACK',

    async defaultProject(): Promise<VimProject> {
      const { project } = await own.tokens.current();
      return { id: project.id, name: project.name };
    },
    async findProject(name) {
      const { project } = await own.tokens.current();
      return projects.findProject(own.keystone, name, project.domainId);
    },
    async ensureProject(name, tag) {
      const { project, userId } = await own.tokens.current();
      const found = await projects.findProject(own.keystone, name, project.domainId);
      const created = found ?? (await createOrFindProject(own.keystone, { name, domainId: project.domainId, tag }));
      await projects.grantConnectorRole(own.keystone, created.id, userId);
      return created;
    },
    async deleteProject(id) {
      tenantSessions.delete(id);
      await ignoreNotFound(() => projects.deleteProject(own.keystone, id));
    },

    async findFlavor(scope, nameOrId) {
      return flavors.findFlavor(await nova(scope), nameOrId);
    },
    async findImage(scope, nameOrId) {
      const client = await glance(scope);
      const byId = looksLikeUuid(nameOrId) ? await orUndefined(() => images.getImage(client, nameOrId)) : undefined;
      return byId ?? pickByNameOrId(await images.listImages(client, { name: nameOrId }), nameOrId, 'image');
    },
    async findNetwork(scope, nameOrId) {
      return findNeutron(networks, await neutron(scope), nameOrId, 'network');
    },
    async findSubnet(scope, nameOrId, networkId) {
      return findNeutron(subnets, await neutron(scope), nameOrId, 'subnet', { network_id: networkId });
    },
    async findPort(scope, nameOrId) {
      return findNeutron(ports, await neutron(scope), nameOrId, 'port');
    },

    async createServer(scope, req) {
      return servers.createServer(await nova(scope), req);
    },
    async getServer(scope, id) {
      const client = await nova(scope);
      return orUndefined(() => servers.getServer(client, id));
    },
    async listServers(scope, filter) {
      const list = await servers.listServers(await nova(scope), { name: filter?.name, changesSince: filter?.changesSince });
      return list.filter((s) => matchesFilter({ ...s, tag: s.metadata[vimTagKey] }, filter));
    },
    async deleteServer(scope, id) {
      const client = await nova(scope);
      await ignoreNotFound(() => servers.deleteServer(client, id));
    },
    async startServer(scope, id) {
      await servers.startServer(await nova(scope), id);
    },
    async stopServer(scope, id) {
      await servers.stopServer(await nova(scope), id);
    },
    async rebootServer(scope, id, kind) {
      await servers.rebootServer(await nova(scope), id, kind);
    },
    async createServerImage(scope, serverId, name, metadata) {
      return servers.createServerImage(await nova(scope), serverId, { name, metadata });
    },
    async attachVolume(scope, serverId, volumeId) {
      await attachments.attachVolume(await nova(scope), serverId, volumeId);
    },
    async detachVolume(scope, serverId, volumeId) {
      await attachments.detachVolume(await nova(scope), serverId, volumeId);
    },

    async getImage(scope, id) {
      const client = await glance(scope);
      return orUndefined(() => images.getImage(client, id));
    },
    async listImages(scope, filter) {
      const list = await images.listImages(await glance(scope), { name: filter?.name, tag: filter?.tag });
      return list.filter((i) => matchesFilter({ ...i, tag: i.properties[vimTagKey] }, filter));
    },
    async deleteImage(scope, id) {
      const client = await glance(scope);
      await ignoreNotFound(() => images.deleteImage(client, id));
    },
    async downloadImage(scope, id) {
      return images.downloadImage(await glance(scope), id);
    },

    async createVolume(scope, req) {
      return volumes.createVolume(await cinder(scope), req);
    },
    async getVolume(scope, id) {
      const client = await cinder(scope);
      return orUndefined(() => volumes.getVolume(client, id));
    },
    async listVolumes(scope, filter) {
      const list = await volumes.listVolumes(await cinder(scope), { name: filter?.name, tag: filter?.tag });
      return list.filter((v) => matchesFilter({ ...v, tag: v.metadata[vimTagKey] }, filter));
    },
    async deleteVolume(scope, id) {
      const client = await cinder(scope);
      await ignoreNotFound(() => volumes.deleteVolume(client, id));
    },
    async setVolumeBootable(scope, id, bootable) {
      await volumes.setVolumeBootable(await cinder(scope), id, bootable);
    },
    async clearVolumeAttachments(scope, volumeId, serverIds) {
      const client = await cinder(scope);
      const held = (await volumeAttachments.listAttachments(client, volumeId)).filter((a) => a.serverId !== undefined && serverIds.includes(a.serverId));
      for (const a of held) await ignoreNotFound(() => volumeAttachments.deleteAttachment(client, a.id));
      return held.length;
    },

    async createVolumeSnapshot(scope, volumeId, name, tag) {
      return snapshots.createSnapshot(await cinder(scope), volumeId, name, tag);
    },
    async getVolumeSnapshot(scope, id) {
      const client = await cinder(scope);
      return orUndefined(() => snapshots.getSnapshot(client, id));
    },
    async listVolumeSnapshots(scope, filter) {
      const list = await snapshots.listSnapshots(await cinder(scope), { name: filter?.name, tag: filter?.tag });
      return list.filter((s) => matchesFilter({ ...s, tag: s.metadata[vimTagKey] }, filter));
    },
    async deleteVolumeSnapshot(scope, id) {
      const client = await cinder(scope);
      await ignoreNotFound(() => snapshots.deleteSnapshot(client, id));
    },

    async createNetwork(scope, req) {
      return untag(await networks.create(await neutron(scope), createNetworkBody(req)));
    },
    async listNetworks(scope, filter) {
      return listNeutron(networks, await neutron(scope), filter);
    },
    async deleteNetwork(scope, id) {
      const client = await neutron(scope);
      await ignoreNotFound(() => networks.delete(client, id));
    },
    async createSubnet(scope, req) {
      return untag(await subnets.create(await neutron(scope), createSubnetBody(req)));
    },
    async listSubnets(scope, filter) {
      return listNeutron(subnets, await neutron(scope), filter, { network_id: filter?.networkId });
    },
    async deleteSubnet(scope, id) {
      const client = await neutron(scope);
      await ignoreNotFound(() => subnets.delete(client, id));
    },
    async createPort(scope, req) {
      return untag(await ports.create(await neutron(scope), createPortBody(req)));
    },
    async getPort(scope, id) {
      const client = await neutron(scope);
      const port = await orUndefined(() => ports.get(client, id));
      return port && untag(port);
    },
    async listPorts(scope, filter) {
      return listNeutron(ports, await neutron(scope), filter, { device_id: filter?.deviceId });
    },
    async deletePort(scope, id) {
      const client = await neutron(scope);
      await ignoreNotFound(() => ports.delete(client, id));
    },

    async close() {
      tenantSessions.clear();
    },
  };
}

/**
 * Two first deploys into one new tenant race to make its project: Keystone answers the loser with
 * 409, and a lost answer leaves the create in doubt. Either way the project is looked up again.
 */
async function createOrFindProject(keystone: Parameters<typeof projects.createProject>[0], req: Parameters<typeof projects.createProject>[1]) {
  try {
    return await projects.createProject(keystone, req);
  } catch (err) {
    const maybeMade = isVimError(err) && (err.status === 409 || err.kind === 'in-doubt');
    const found = maybeMade ? await projects.findProject(keystone, req.name, req.domainId) : undefined;
    if (!found) throw err;
    return found;
  }
}
