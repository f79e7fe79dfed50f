/**
 * The only way the engine reaches a VIM (IMPL-3). Verbs are VIM actions in our words, one
 * OpenStack call each; results are our types, never wire shapes. Implementations: `openstack/`
 * (HTTP to Keystone, Nova, Glance, Cinder, Neutron) and `memory/` (tests, benchmarks).
 *
 * Idempotency: every create takes a `tag` (operation id + step). The driver stores it on the
 * resource (server metadata, port/volume/network description or tags, image property) and the
 * matching `list*({ tag })` finds it, so a step replayed after a crash looks up before creating.
 *
 * Errors: a failing call throws `VimError` (`errors.ts`) with its `kind` (final / not-done /
 * in-doubt), the HTTP status and the VIM's own message.
 */

/**
 * The metadata / property key a driver stores a create's `tag` under. `createServerImage` takes
 * no `tag`: the caller puts `{ [vimTagKey]: tag }` in its `metadata`, which become image properties.
 */
export const vimTagKey = 'vnfm_tag';

/** Nova's server statuses we act on; others pass through as strings. */
export type ServerStatus = 'BUILD' | 'ACTIVE' | 'SHUTOFF' | 'REBOOT' | 'HARD_REBOOT' | 'ERROR' | 'DELETED' | (string & {});

export interface VimServer {
  id: string;
  name: string;
  status: ServerStatus;
  /** `OS-EXT-STS:task_state`, e.g. `powering-off`; undefined when idle. */
  taskState?: string;
  powerState?: number;
  hostId?: string;
  hostname?: string;
  imageId?: string;
  flavorId?: string;
  metadata: Record<string, string>;
  /** network name → addresses. */
  addresses: Record<string, { addr: string; mac?: string; version: number }[]>;
  fault?: string;
  updated?: string;
}

export interface BlockDevice {
  /** `image`, `volume`, `snapshot` or `blank`. */
  sourceType: 'image' | 'volume' | 'snapshot' | 'blank';
  uuid?: string;
  destinationType: 'volume' | 'local';
  bootIndex?: number;
  volumeSize?: number;
  deleteOnTermination: boolean;
}

export interface CreateServerRequest {
  name: string;
  imageId?: string;
  flavorId: string;
  /** Pre-created ports, in nicid order. */
  portIds: string[];
  /** Networks Nova makes a port on (after `portIds`); such ports go away with the server. */
  networks?: { networkId: string; fixedIp?: string }[];
  blockDevices: BlockDevice[];
  /** Files on the config drive (day-0), by destination name. */
  configDrive?: { path: string; contents: string }[];
  userData?: string;
  metadata: Record<string, string>;
  availabilityZone?: string;
  tag: string;
}

export interface VimImage {
  id: string;
  name: string;
  /** Glance: queued, saving, active, killed, deleted, pending_delete, ... */
  status: string;
  size?: number;
  diskFormat?: string;
  properties: Record<string, string>;
}

export interface VimVolume {
  id: string;
  name: string;
  /** Cinder: creating, available, in-use, attaching, detaching, deleting, error, ... */
  status: string;
  size: number;
  bootable: boolean;
  volumeType?: string;
  multiattach: boolean;
  snapshotId?: string;
  imageId?: string;
  attachments: { serverId: string; device?: string }[];
  metadata: Record<string, string>;
}

export interface CreateVolumeRequest {
  name: string;
  /** GiB. Optional when created from a snapshot (the snapshot's size). */
  size?: number;
  imageId?: string;
  snapshotId?: string;
  volumeType?: string;
  multiattach?: boolean;
  bootable?: boolean;
  description?: string;
  tag: string;
}

export interface VimVolumeSnapshot {
  id: string;
  name: string;
  /** creating, available, deleting, error, ... */
  status: string;
  volumeId: string;
  size: number;
  metadata: Record<string, string>;
}

export interface VimNetwork {
  id: string;
  name: string;
  shared: boolean;
  external: boolean;
  status: string;
  subnetIds: string[];
}

export interface VimSubnet {
  id: string;
  name: string;
  networkId: string;
  cidr: string;
  gatewayIp?: string;
  ipVersion: number;
  enableDhcp: boolean;
}

export interface VimPort {
  id: string;
  name: string;
  networkId: string;
  macAddress: string;
  fixedIps: { subnetId: string; ipAddress: string }[];
  deviceId?: string;
  status: string;
  description?: string;
}

export interface CreatePortRequest {
  name: string;
  networkId: string;
  fixedIps?: { subnetId?: string; ipAddress?: string }[];
  macAddress?: string;
  securityGroups?: string[];
  tag: string;
}

export interface CreateNetworkRequest {
  name: string;
  shared: boolean;
  adminStateUp: boolean;
  tag: string;
}

export interface CreateSubnetRequest {
  name: string;
  networkId: string;
  cidr: string;
  ipVersion: 4 | 6;
  gatewayIp?: string;
  enableDhcp: boolean;
  tag: string;
}

export interface VimProject {
  id: string;
  name: string;
}

export interface VimFlavor {
  id: string;
  name: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

/** Filters every list accepts; drivers apply what the VIM can and filter the rest locally. */
export interface ListFilter {
  tag?: string;
  name?: string;
  ids?: string[];
  /**
   * ISO time: only resources changed since (Nova `changes-since`). Servers deleted since are
   * listed too, with status `DELETED` (Nova's behaviour, captured on Zed).
   */
  changesSince?: string;
}

/** The project a call acts in; undefined means the connector's own project. */
export interface Scope {
  projectId?: string;
}

export interface VimDriver {
  readonly id: string;
  /** `OPENSTACK` for real and emulated clouds, `MEMORY` for the in-memory test driver. */
  readonly type: string;

  /** Creates (or finds by name) the project a tenant maps to and grants the connector user a role in it. */
  ensureProject(name: string, tag: string): Promise<VimProject>;
  findProject(name: string): Promise<VimProject | undefined>;
  deleteProject(id: string): Promise<void>;
  /** The connector's own project (tenants with `vim_mapping` false deploy here). */
  defaultProject(): Promise<VimProject>;

  findFlavor(scope: Scope, nameOrId: string): Promise<VimFlavor | undefined>;
  findImage(scope: Scope, nameOrId: string): Promise<VimImage | undefined>;
  findNetwork(scope: Scope, nameOrId: string): Promise<VimNetwork | undefined>;
  findSubnet(scope: Scope, nameOrId: string, networkId?: string): Promise<VimSubnet | undefined>;
  findPort(scope: Scope, nameOrId: string): Promise<VimPort | undefined>;

  createServer(scope: Scope, req: CreateServerRequest): Promise<VimServer>;
  getServer(scope: Scope, id: string): Promise<VimServer | undefined>;
  listServers(scope: Scope, filter?: ListFilter): Promise<VimServer[]>;
  deleteServer(scope: Scope, id: string): Promise<void>;
  startServer(scope: Scope, id: string): Promise<void>;
  stopServer(scope: Scope, id: string): Promise<void>;
  rebootServer(scope: Scope, id: string, kind: 'SOFT' | 'HARD'): Promise<void>;
  /** Nova `createImage`; returns the new image id. */
  createServerImage(scope: Scope, serverId: string, name: string, metadata: Record<string, string>): Promise<string>;
  attachVolume(scope: Scope, serverId: string, volumeId: string): Promise<void>;
  detachVolume(scope: Scope, serverId: string, volumeId: string): Promise<void>;

  getImage(scope: Scope, id: string): Promise<VimImage | undefined>;
  listImages(scope: Scope, filter?: ListFilter): Promise<VimImage[]>;
  deleteImage(scope: Scope, id: string): Promise<void>;
  downloadImage(scope: Scope, id: string): Promise<ReadableStream<Uint8Array>>;

  createVolume(scope: Scope, req: CreateVolumeRequest): Promise<VimVolume>;
  getVolume(scope: Scope, id: string): Promise<VimVolume | undefined>;
  listVolumes(scope: Scope, filter?: ListFilter): Promise<VimVolume[]>;
  deleteVolume(scope: Scope, id: string): Promise<void>;
  setVolumeBootable(scope: Scope, id: string, bootable: boolean): Promise<void>;
  /**
   * Deletes the Cinder attachments of a volume held by the given servers (servers already gone:
   * a build Nova lost leaves one behind, keeping the volume `reserved`/`in-use`); returns how
   * many it deleted. Attachments of other servers are left alone.
   */
  clearVolumeAttachments(scope: Scope, volumeId: string, serverIds: string[]): Promise<number>;

  createVolumeSnapshot(scope: Scope, volumeId: string, name: string, tag: string): Promise<VimVolumeSnapshot>;
  getVolumeSnapshot(scope: Scope, id: string): Promise<VimVolumeSnapshot | undefined>;
  listVolumeSnapshots(scope: Scope, filter?: ListFilter): Promise<VimVolumeSnapshot[]>;
  deleteVolumeSnapshot(scope: Scope, id: string): Promise<void>;

  createNetwork(scope: Scope, req: CreateNetworkRequest): Promise<VimNetwork>;
  listNetworks(scope: Scope, filter?: ListFilter): Promise<VimNetwork[]>;
  deleteNetwork(scope: Scope, id: string): Promise<void>;
  createSubnet(scope: Scope, req: CreateSubnetRequest): Promise<VimSubnet>;
  listSubnets(scope: Scope, filter?: ListFilter & { networkId?: string }): Promise<VimSubnet[]>;
  deleteSubnet(scope: Scope, id: string): Promise<void>;

  createPort(scope: Scope, req: CreatePortRequest): Promise<VimPort>;
  getPort(scope: Scope, id: string): Promise<VimPort | undefined>;
  listPorts(scope: Scope, filter?: ListFilter & { deviceId?: string }): Promise<VimPort[]>;
  deletePort(scope: Scope, id: string): Promise<void>;

  /** Releases sockets and timers. */
  close(): Promise<void>;
}
