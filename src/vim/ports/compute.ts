/** The compute port (Nova): flavors, servers, their power actions, images, volume and interface attachments. */
import type { ListFilter, Scope } from './scope.ts';

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
  /** `OS-EXT-SRV-ATTR:host`: the compute host (shown to an admin), where placement put it. */
  host?: string;
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
  /** `zone`, or `zone:host` to name the host (admin only, Nova's forced host). */
  availabilityZone?: string;
  /** `os:scheduler_hints`; `group` puts the server in a server group (its placement policy). */
  schedulerHints?: { group?: string };
  tag: string;
}

/** Nova's server-group policies (compute 2.15 adds the soft ones). */
export type ServerGroupPolicy = 'affinity' | 'anti-affinity' | 'soft-affinity' | 'soft-anti-affinity';

/** A Nova server group; Nova keeps no metadata on one, so its `name` is its idempotency tag. */
export interface VimServerGroup {
  id: string;
  name: string;
  policy: ServerGroupPolicy;
  /** Server ids. */
  members: string[];
}

export interface VimFlavor {
  id: string;
  name: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

export interface ComputePort {
  findFlavor(scope: Scope, nameOrId: string): Promise<VimFlavor | undefined>;

  createServer(scope: Scope, req: CreateServerRequest): Promise<VimServer>;
  getServer(scope: Scope, id: string): Promise<VimServer | undefined>;
  listServers(scope: Scope, filter?: ListFilter): Promise<VimServer[]>;
  /**
   * The ids of the scope's servers whose status is `status`: Nova's summary list filtered by the VIM
   * (`GET /servers?status=`), an id and a name per server, about a sixth of the detailed list's
   * bytes. What the monitor reads every cycle (issue 14: 10,000 servers every 3 s).
   */
  listServerIds(scope: Scope, status: ServerStatus): Promise<string[]>;
  deleteServer(scope: Scope, id: string): Promise<void>;
  startServer(scope: Scope, id: string): Promise<void>;
  stopServer(scope: Scope, id: string): Promise<void>;
  rebootServer(scope: Scope, id: string, kind: 'SOFT' | 'HARD'): Promise<void>;
  /** Nova `createImage`; returns the new image id. */
  createServerImage(scope: Scope, serverId: string, name: string, metadata: Record<string, string>): Promise<string>;
  attachVolume(scope: Scope, serverId: string, volumeId: string): Promise<void>;
  detachVolume(scope: Scope, serverId: string, volumeId: string): Promise<void>;
  /** Nova `os-interface`: attaches a port made beforehand to a server (COMP-2 interface added). */
  attachInterface(scope: Scope, serverId: string, portId: string): Promise<void>;
  /** Detaches a port from a server, leaving the port; NotFound when it is not attached. */
  detachInterface(scope: Scope, serverId: string, portId: string): Promise<void>;

  /** A server group named `name`; the name is the tag `listServerGroups({ tag })` finds it by. */
  createServerGroup(scope: Scope, req: { name: string; policy: ServerGroupPolicy }): Promise<VimServerGroup>;
  getServerGroup(scope: Scope, id: string): Promise<VimServerGroup | undefined>;
  listServerGroups(scope: Scope, filter?: ListFilter): Promise<VimServerGroup[]>;
  deleteServerGroup(scope: Scope, id: string): Promise<void>;
}
