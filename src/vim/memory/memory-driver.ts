/**
 * An in-memory VIM for unit tests and benchmarks: the `VimDriver` contract with OpenStack's
 * asynchronous statuses, without HTTP. Transitions are lazy — a resource records its target status
 * and when it is due, and reads settle it against the clock — so no timers run and a fake clock
 * drives it. `persistPath` keeps the state in a JSON file (written atomically on each change) so a
 * manager killed mid-deploy finds its servers again. `calls` counts calls per verb (benchmarks).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Clock } from '../../time/clock.ts';
import type {
  CreateNetworkRequest, CreatePortRequest, CreateServerRequest, CreateSubnetRequest, CreateVolumeRequest,
  ListFilter, Scope, VimDriver, VimFlavor, VimImage, VimNetwork, VimPort, VimProject, VimServer,
  VimSubnet, VimVolume, VimVolumeSnapshot,
} from '../driver.ts';
import { VimError } from '../errors.ts';

interface Pending {
  status: string;
  at: number;
  /** Remove the resource when due (deletes). */
  remove?: boolean;
}

interface Entry<T> {
  value: T;
  tag?: string;
  pending?: Pending;
}

interface State {
  projects: Record<string, VimProject>;
  servers: Record<string, Entry<VimServer>>;
  images: Record<string, Entry<VimImage>>;
  volumes: Record<string, Entry<VimVolume>>;
  snapshots: Record<string, Entry<VimVolumeSnapshot>>;
  networks: Record<string, Entry<VimNetwork>>;
  subnets: Record<string, Entry<VimSubnet>>;
  ports: Record<string, Entry<VimPort>>;
}

export interface MemoryDriverOptions {
  id?: string;
  clock: Clock;
  /** Milliseconds a server stays in BUILD, an action in flight, a delete pending. */
  buildMs?: number;
  actionMs?: number;
  deleteMs?: number;
  persistPath?: string;
}

const flavors: VimFlavor[] = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ramMb: 512, diskGb: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ramMb: 2048, diskGb: 20 },
];

function seed(): State {
  const net: VimNetwork = { id: randomUUID(), name: 'private', shared: true, external: false, status: 'ACTIVE', subnetIds: [] };
  const subnet: VimSubnet = { id: randomUUID(), name: 'private-subnet', networkId: net.id, cidr: '192.0.2.0/24', gatewayIp: '192.0.2.1', ipVersion: 4, enableDhcp: true };
  net.subnetIds.push(subnet.id);
  const image: VimImage = { id: randomUUID(), name: 'cirros', status: 'active', size: 1024, diskFormat: 'qcow2', properties: {} };
  const admin: VimProject = { id: randomUUID().replaceAll('-', ''), name: 'admin' };
  return {
    projects: { [admin.id]: admin },
    servers: {},
    images: { [image.id]: { value: image } },
    volumes: {},
    snapshots: {},
    networks: { [net.id]: { value: net } },
    subnets: { [subnet.id]: { value: subnet } },
    ports: {},
  };
}

export class MemoryDriver implements VimDriver {
  readonly id: string;
  readonly type = 'MEMORY';
  readonly calls = new Map<string, number>();
  #clock: Clock;
  #buildMs: number;
  #actionMs: number;
  #deleteMs: number;
  #persistPath?: string;
  #state: State;
  #faults = new Map<string, Error[]>();
  #nextIp = 10;

  constructor(opts: MemoryDriverOptions) {
    this.id = opts.id ?? 'default_openstack_vim';
    this.#clock = opts.clock;
    this.#buildMs = opts.buildMs ?? 0;
    this.#actionMs = opts.actionMs ?? 0;
    this.#deleteMs = opts.deleteMs ?? 0;
    this.#persistPath = opts.persistPath;
    this.#state = this.#persistPath && existsSync(this.#persistPath)
      ? (JSON.parse(readFileSync(this.#persistPath, 'utf8')) as State)
      : seed();
    this.#save();
  }

  /** Makes the next call of `verb` throw `error` (tests of failure paths). */
  failNext(verb: keyof VimDriver, error: Error): void {
    this.#faults.set(verb, [...(this.#faults.get(verb) ?? []), error]);
  }

  /** Every resource, settled (tests check that nothing is left behind). */
  inventory(): { servers: VimServer[]; ports: VimPort[]; volumes: VimVolume[]; networks: VimNetwork[]; images: VimImage[] } {
    return {
      servers: this.#all(this.#state.servers),
      ports: this.#all(this.#state.ports),
      volumes: this.#all(this.#state.volumes),
      networks: this.#all(this.#state.networks),
      images: this.#all(this.#state.images),
    };
  }

  #call(verb: keyof VimDriver): void {
    this.calls.set(verb, (this.calls.get(verb) ?? 0) + 1);
    const queued = this.#faults.get(verb);
    const fault = queued?.shift();
    if (fault) throw fault;
  }

  #save(): void {
    if (!this.#persistPath) return;
    const tmp = `${this.#persistPath}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.#state));
    renameSync(tmp, this.#persistPath);
  }

  #settle<T extends object>(table: Record<string, Entry<T>>, id: string): Entry<T> | undefined {
    const entry = table[id];
    if (!entry?.pending || entry.pending.at > this.#clock.now()) return entry;
    if (entry.pending.remove) {
      delete table[id];
      this.#save();
      return undefined;
    }
    (entry.value as { status?: string }).status = entry.pending.status;
    delete entry.pending;
    this.#save();
    return entry;
  }

  #all<T extends object>(table: Record<string, Entry<T>>, filter: ListFilter = {}): T[] {
    const out: T[] = [];
    for (const id of filter.ids ?? Object.keys(table)) {
      const entry = this.#settle(table, id);
      if (!entry) continue;
      if (filter.tag !== undefined && entry.tag !== filter.tag) continue;
      if (filter.name !== undefined && (entry.value as { name?: string }).name !== filter.name) continue;
      out.push(structuredClone(entry.value));
    }
    return out;
  }

  #get<T extends object>(table: Record<string, Entry<T>>, id: string): T | undefined {
    const entry = this.#settle(table, id);
    return entry ? structuredClone(entry.value) : undefined;
  }

  #need<T extends object>(table: Record<string, Entry<T>>, id: string, what: string): Entry<T> {
    const entry = this.#settle(table, id);
    if (!entry) throw new VimError(`Memory VIM: ${what} ${id} could not be found.`, { kind: 'final', status: 404 });
    return entry;
  }

  #later(entry: Entry<{ status: string }>, now: string, then: string, ms: number, remove = false): void {
    entry.value.status = now;
    entry.pending = { status: then, at: this.#clock.now() + ms, remove };
    this.#save();
  }

  async ensureProject(name: string): Promise<VimProject> {
    this.#call('ensureProject');
    const found = Object.values(this.#state.projects).find((p) => p.name === name);
    if (found) return found;
    const project = { id: randomUUID().replaceAll('-', ''), name };
    this.#state.projects[project.id] = project;
    this.#save();
    return project;
  }
  async findProject(name: string): Promise<VimProject | undefined> {
    this.#call('findProject');
    return Object.values(this.#state.projects).find((p) => p.name === name);
  }
  async deleteProject(id: string): Promise<void> {
    this.#call('deleteProject');
    delete this.#state.projects[id];
    this.#save();
  }
  async defaultProject(): Promise<VimProject> {
    this.#call('defaultProject');
    return Object.values(this.#state.projects).find((p) => p.name === 'admin')!;
  }

  async findFlavor(_scope: Scope, nameOrId: string): Promise<VimFlavor | undefined> {
    this.#call('findFlavor');
    return flavors.find((f) => f.id === nameOrId || f.name === nameOrId);
  }
  async findImage(_scope: Scope, nameOrId: string): Promise<VimImage | undefined> {
    this.#call('findImage');
    return this.#all(this.#state.images).find((i) => i.id === nameOrId || i.name === nameOrId);
  }
  async findNetwork(_scope: Scope, nameOrId: string): Promise<VimNetwork | undefined> {
    this.#call('findNetwork');
    return this.#all(this.#state.networks).find((n) => n.id === nameOrId || n.name === nameOrId);
  }
  async findSubnet(_scope: Scope, nameOrId: string, networkId?: string): Promise<VimSubnet | undefined> {
    this.#call('findSubnet');
    return this.#all(this.#state.subnets).find(
      (s) => (s.id === nameOrId || s.name === nameOrId) && (networkId === undefined || s.networkId === networkId),
    );
  }
  async findPort(_scope: Scope, nameOrId: string): Promise<VimPort | undefined> {
    this.#call('findPort');
    return this.#all(this.#state.ports).find((p) => p.id === nameOrId || p.name === nameOrId);
  }

  async createServer(_scope: Scope, req: CreateServerRequest): Promise<VimServer> {
    this.#call('createServer');
    if (req.imageId && !this.#get(this.#state.images, req.imageId) && !req.blockDevices.length)
      throw new VimError(`Memory VIM: Image ${req.imageId} could not be found.`, { kind: 'final', status: 400 });
    const addresses: VimServer['addresses'] = {};
    for (const portId of req.portIds) {
      const port = this.#need(this.#state.ports, portId, 'Port');
      port.value.deviceId = 'pending';
      const net = this.#state.networks[port.value.networkId]?.value.name ?? port.value.networkId;
      for (const ip of port.value.fixedIps) (addresses[net] ??= []).push({ addr: ip.ipAddress, mac: port.value.macAddress, version: 4 });
    }
    const server: VimServer = {
      id: randomUUID(), name: req.name, status: 'BUILD', hostId: 'memory-host-0', hostname: 'memory-host-0',
      imageId: req.imageId, flavorId: req.flavorId, metadata: { ...req.metadata }, addresses, updated: new Date(this.#clock.now()).toISOString(),
    };
    for (const portId of req.portIds) this.#state.ports[portId]!.value.deviceId = server.id;
    const entry: Entry<VimServer> = { value: server, tag: req.tag };
    this.#state.servers[server.id] = entry;
    this.#later(entry, 'BUILD', 'ACTIVE', this.#buildMs);
    return structuredClone(server);
  }
  async getServer(_scope: Scope, id: string): Promise<VimServer | undefined> {
    this.#call('getServer');
    return this.#get(this.#state.servers, id);
  }
  async listServers(_scope: Scope, filter?: ListFilter): Promise<VimServer[]> {
    this.#call('listServers');
    return this.#all(this.#state.servers, filter);
  }
  async deleteServer(_scope: Scope, id: string): Promise<void> {
    this.#call('deleteServer');
    const entry = this.#need(this.#state.servers, id, 'Instance');
    for (const port of Object.values(this.#state.ports)) if (port.value.deviceId === id) delete port.value.deviceId;
    for (const vol of Object.values(this.#state.volumes))
      if (vol.value.attachments.some((a) => a.serverId === id)) {
        vol.value.attachments = vol.value.attachments.filter((a) => a.serverId !== id);
        vol.value.status = 'available';
      }
    this.#later(entry, entry.value.status, 'DELETED', this.#deleteMs, true);
  }
  #action(id: string, from: string[], during: string, to: string, action: string): void {
    const entry = this.#need(this.#state.servers, id, 'Instance');
    if (!from.includes(entry.value.status))
      throw new VimError(`Memory VIM: Cannot '${action}' instance ${id} while it is in vm_state ${entry.value.status.toLowerCase()}`, { kind: 'final', status: 409 });
    this.#later(entry, during, to, this.#actionMs);
  }
  async startServer(_scope: Scope, id: string): Promise<void> {
    this.#call('startServer');
    this.#action(id, ['SHUTOFF'], 'SHUTOFF', 'ACTIVE', 'start');
  }
  async stopServer(_scope: Scope, id: string): Promise<void> {
    this.#call('stopServer');
    this.#action(id, ['ACTIVE', 'ERROR'], 'ACTIVE', 'SHUTOFF', 'stop');
  }
  async rebootServer(_scope: Scope, id: string, kind: 'SOFT' | 'HARD'): Promise<void> {
    this.#call('rebootServer');
    this.#action(id, kind === 'HARD' ? ['ACTIVE', 'SHUTOFF', 'ERROR'] : ['ACTIVE'], kind === 'HARD' ? 'HARD_REBOOT' : 'REBOOT', 'ACTIVE', 'reboot');
  }
  async createServerImage(_scope: Scope, serverId: string, name: string, metadata: Record<string, string>): Promise<string> {
    this.#call('createServerImage');
    this.#need(this.#state.servers, serverId, 'Instance');
    const image: VimImage = { id: randomUUID(), name, status: 'queued', properties: { ...metadata } };
    const entry: Entry<VimImage> = { value: image, tag: metadata.vnfm_tag };
    this.#state.images[image.id] = entry;
    this.#later(entry, 'saving', 'active', this.#actionMs);
    return image.id;
  }
  async attachVolume(_scope: Scope, serverId: string, volumeId: string): Promise<void> {
    this.#call('attachVolume');
    this.#need(this.#state.servers, serverId, 'Instance');
    const vol = this.#need(this.#state.volumes, volumeId, 'Volume');
    if (vol.value.status !== 'available' && !vol.value.multiattach)
      throw new VimError(`Memory VIM: volume ${volumeId} status must be available`, { kind: 'final', status: 400 });
    vol.value.attachments.push({ serverId });
    vol.value.status = 'in-use';
    this.#save();
  }
  async detachVolume(_scope: Scope, serverId: string, volumeId: string): Promise<void> {
    this.#call('detachVolume');
    this.#dropAttachments(volumeId, [serverId]);
  }
  async clearVolumeAttachments(_scope: Scope, volumeId: string, serverIds: string[]): Promise<number> {
    this.#call('clearVolumeAttachments');
    return this.#dropAttachments(volumeId, serverIds);
  }
  /** Drops the servers' attachments; the volume is available once none is left. Returns how many went. */
  #dropAttachments(volumeId: string, serverIds: string[]): number {
    const vol = this.#need(this.#state.volumes, volumeId, 'Volume');
    const before = vol.value.attachments.length;
    vol.value.attachments = vol.value.attachments.filter((a) => !serverIds.includes(a.serverId));
    if (!vol.value.attachments.length) vol.value.status = 'available';
    this.#save();
    return before - vol.value.attachments.length;
  }

  async getImage(_scope: Scope, id: string): Promise<VimImage | undefined> {
    this.#call('getImage');
    return this.#get(this.#state.images, id);
  }
  async listImages(_scope: Scope, filter?: ListFilter): Promise<VimImage[]> {
    this.#call('listImages');
    return this.#all(this.#state.images, filter);
  }
  async deleteImage(_scope: Scope, id: string): Promise<void> {
    this.#call('deleteImage');
    this.#need(this.#state.images, id, 'Image');
    delete this.#state.images[id];
    this.#save();
  }
  async downloadImage(_scope: Scope, id: string): Promise<ReadableStream<Uint8Array>> {
    this.#call('downloadImage');
    const image = this.#need(this.#state.images, id, 'Image');
    const bytes = new TextEncoder().encode(`image ${image.value.name}\n`);
    return new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) });
  }

  async createVolume(_scope: Scope, req: CreateVolumeRequest): Promise<VimVolume> {
    this.#call('createVolume');
    const volume: VimVolume = {
      id: randomUUID(), name: req.name, status: 'creating', size: req.size ?? 1, bootable: req.bootable ?? Boolean(req.imageId),
      volumeType: req.volumeType, multiattach: req.multiattach ?? false, snapshotId: req.snapshotId, imageId: req.imageId,
      attachments: [], metadata: { vnfm_tag: req.tag },
    };
    const entry: Entry<VimVolume> = { value: volume, tag: req.tag };
    this.#state.volumes[volume.id] = entry;
    this.#later(entry, 'creating', 'available', this.#actionMs);
    return structuredClone(volume);
  }
  async getVolume(_scope: Scope, id: string): Promise<VimVolume | undefined> {
    this.#call('getVolume');
    return this.#get(this.#state.volumes, id);
  }
  async listVolumes(_scope: Scope, filter?: ListFilter): Promise<VimVolume[]> {
    this.#call('listVolumes');
    return this.#all(this.#state.volumes, filter);
  }
  async deleteVolume(_scope: Scope, id: string): Promise<void> {
    this.#call('deleteVolume');
    const entry = this.#need(this.#state.volumes, id, 'Volume');
    if (entry.value.status === 'in-use')
      throw new VimError(`Memory VIM: Invalid volume: Volume status must be available or error`, { kind: 'final', status: 400 });
    this.#later(entry, 'deleting', 'deleted', this.#deleteMs, true);
  }
  async setVolumeBootable(_scope: Scope, id: string, bootable: boolean): Promise<void> {
    this.#call('setVolumeBootable');
    this.#need(this.#state.volumes, id, 'Volume').value.bootable = bootable;
    this.#save();
  }

  async createVolumeSnapshot(_scope: Scope, volumeId: string, name: string, tag: string): Promise<VimVolumeSnapshot> {
    this.#call('createVolumeSnapshot');
    const vol = this.#need(this.#state.volumes, volumeId, 'Volume');
    const snap: VimVolumeSnapshot = { id: randomUUID(), name, status: 'creating', volumeId, size: vol.value.size, metadata: { vnfm_tag: tag } };
    const entry: Entry<VimVolumeSnapshot> = { value: snap, tag };
    this.#state.snapshots[snap.id] = entry;
    this.#later(entry, 'creating', 'available', this.#actionMs);
    return structuredClone(snap);
  }
  async getVolumeSnapshot(_scope: Scope, id: string): Promise<VimVolumeSnapshot | undefined> {
    this.#call('getVolumeSnapshot');
    return this.#get(this.#state.snapshots, id);
  }
  async listVolumeSnapshots(_scope: Scope, filter?: ListFilter): Promise<VimVolumeSnapshot[]> {
    this.#call('listVolumeSnapshots');
    return this.#all(this.#state.snapshots, filter);
  }
  async deleteVolumeSnapshot(_scope: Scope, id: string): Promise<void> {
    this.#call('deleteVolumeSnapshot');
    this.#later(this.#need(this.#state.snapshots, id, 'Snapshot'), 'deleting', 'deleted', this.#deleteMs, true);
  }

  async createNetwork(_scope: Scope, req: CreateNetworkRequest): Promise<VimNetwork> {
    this.#call('createNetwork');
    const net: VimNetwork = { id: randomUUID(), name: req.name, shared: req.shared, external: false, status: 'ACTIVE', subnetIds: [] };
    this.#state.networks[net.id] = { value: net, tag: req.tag };
    this.#save();
    return structuredClone(net);
  }
  async listNetworks(_scope: Scope, filter?: ListFilter): Promise<VimNetwork[]> {
    this.#call('listNetworks');
    return this.#all(this.#state.networks, filter);
  }
  async deleteNetwork(_scope: Scope, id: string): Promise<void> {
    this.#call('deleteNetwork');
    this.#need(this.#state.networks, id, 'Network');
    if (Object.values(this.#state.ports).some((p) => p.value.networkId === id))
      throw new VimError(`Memory VIM: Unable to complete operation on network ${id}. There are one or more ports still in use on the network.`, { kind: 'final', status: 409 });
    for (const [sid, s] of Object.entries(this.#state.subnets)) if (s.value.networkId === id) delete this.#state.subnets[sid];
    delete this.#state.networks[id];
    this.#save();
  }
  async createSubnet(_scope: Scope, req: CreateSubnetRequest): Promise<VimSubnet> {
    this.#call('createSubnet');
    const net = this.#need(this.#state.networks, req.networkId, 'Network');
    const subnet: VimSubnet = { id: randomUUID(), name: req.name, networkId: req.networkId, cidr: req.cidr, gatewayIp: req.gatewayIp, ipVersion: req.ipVersion, enableDhcp: req.enableDhcp };
    this.#state.subnets[subnet.id] = { value: subnet, tag: req.tag };
    net.value.subnetIds.push(subnet.id);
    this.#save();
    return subnet;
  }
  async listSubnets(_scope: Scope, filter: ListFilter & { networkId?: string } = {}): Promise<VimSubnet[]> {
    this.#call('listSubnets');
    return this.#all(this.#state.subnets, filter).filter((s) => !filter.networkId || s.networkId === filter.networkId);
  }
  async deleteSubnet(_scope: Scope, id: string): Promise<void> {
    this.#call('deleteSubnet');
    const subnet = this.#state.subnets[id];
    if (!subnet) throw new VimError(`Memory VIM: Subnet ${id} could not be found.`, { kind: 'final', status: 404 });
    const net = this.#state.networks[subnet.value.networkId];
    if (net) net.value.subnetIds = net.value.subnetIds.filter((s) => s !== id);
    delete this.#state.subnets[id];
    this.#save();
  }

  async createPort(_scope: Scope, req: CreatePortRequest): Promise<VimPort> {
    this.#call('createPort');
    const net = this.#need(this.#state.networks, req.networkId, 'Network');
    const subnetId = req.fixedIps?.[0]?.subnetId ?? net.value.subnetIds[0] ?? '';
    const cidr = this.#state.subnets[subnetId]?.value.cidr ?? '10.0.0.0/24';
    const ip = req.fixedIps?.[0]?.ipAddress ?? `${cidr.split('.').slice(0, 3).join('.')}.${this.#nextIp++ % 250 + 2}`;
    const port: VimPort = {
      id: randomUUID(), name: req.name, networkId: req.networkId, status: 'DOWN', description: req.tag,
      macAddress: req.macAddress ?? `fa:16:3e:${[0, 0, 0].map(() => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join(':')}`,
      fixedIps: [{ subnetId, ipAddress: ip }],
    };
    this.#state.ports[port.id] = { value: port, tag: req.tag };
    this.#save();
    return structuredClone(port);
  }
  async getPort(_scope: Scope, id: string): Promise<VimPort | undefined> {
    this.#call('getPort');
    return this.#get(this.#state.ports, id);
  }
  async listPorts(_scope: Scope, filter: ListFilter & { deviceId?: string } = {}): Promise<VimPort[]> {
    this.#call('listPorts');
    return this.#all(this.#state.ports, filter).filter((p) => !filter.deviceId || p.deviceId === filter.deviceId);
  }
  async deletePort(_scope: Scope, id: string): Promise<void> {
    this.#call('deletePort');
    this.#need(this.#state.ports, id, 'Port');
    delete this.#state.ports[id];
    this.#save();
  }

  async close(): Promise<void> {}
}
