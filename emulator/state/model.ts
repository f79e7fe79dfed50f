/**
 * The emulated cloud's whole state as one JSON-serialisable value, so persistence is "write this
 * object" and a restart is "read it back". Nova servers keep an internal model (their views depend
 * on the microversion); Glance, Cinder and Neutron records are kept close to their wire shapes
 * because their APIs filter on any attribute. Times are epoch milliseconds; views format them per
 * service (pitfall 10). Image bytes live in the blob store, not here.
 */

export interface User {
  id: string;
  name: string;
  password: string;
  domainId: string;
}

export interface Project {
  id: string;
  name: string;
  domainId: string;
  description: string;
  enabled: boolean;
  tags: string[];
}

export interface Role {
  id: string;
  name: string;
}

export interface Assignment {
  userId: string;
  projectId: string;
  roleId: string;
}

export interface Token {
  userId: string;
  projectId: string;
  issuedAt: number;
  expiresAt: number;
  auditId: string;
}

export interface Flavor {
  id: string;
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
  ephemeral: number;
  swap: number;
  isPublic: boolean;
  description: string | null;
  extraSpecs: Record<string, string>;
}

/** Guest behaviour the liveness model follows (see guest/guest.ts). */
export type GuestMode = 'ok' | 'never-boots' | 'stops-answering' | 'late';

export interface Guest {
  mode: GuestMode;
  lateMs: number;
  /** When the guest last started booting (server reached ACTIVE); null while down. */
  bootedAt: number | null;
  /** What the guest reports to a metrics collector (`cpu`, `memory`, ...; IMPL-2), set by tests. */
  metrics?: Record<string, number>;
}

/** A guest's behaviour set by name before its server exists. */
export interface GuestPreset {
  mode: GuestMode;
  lateMs: number;
  metrics?: Record<string, number>;
}

export interface BlockDeviceMapping {
  volumeId: string;
  bootIndex: number | null;
  deleteOnTermination: boolean;
  device: string;
  attachmentId: string;
}

export interface Server {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  flavorId: string;
  /** '' when booted from a volume. */
  imageId: string;
  vmState: string;
  taskState: string | null;
  powerState: number;
  metadata: Record<string, string>;
  created: number;
  updated: number;
  launchedAt: number | null;
  deletedAt: number | null;
  keyName: string | null;
  configDrive: boolean;
  userData: string | null;
  securityGroups: string[];
  availabilityZone: string;
  hostId: string;
  instanceName: string;
  locked: boolean;
  lockedReason: string | null;
  description: string | null;
  tags: string[];
  /** Ports in NIC order; `ownedPorts` are the ones Nova created and deletes with the server. */
  ports: string[];
  ownedPorts: string[];
  /** Volumes attached at boot (block_device_mapping_v2) and later through os-volume_attachments. */
  bdms: BlockDeviceMapping[];
  serverGroupId: string | null;
  /** The compute host it was placed on once built (`placement.ts`); absent in older state files. */
  host?: string;
  /** The host an admin named (`availability_zone` `zone:host`). */
  forcedHost?: string;
  /** `details` (shown to admins) carries the traceback Nova records with a failed build. */
  fault: { code: number; message: string; created: number; details?: string } | null;
  /** Files of the config drive by path (e.g. `openstack/latest/meta_data.json`). */
  configDriveFiles: Record<string, string> | null;
  guest: Guest;
  /**
   * Every reboot Nova accepted, by type, in order: tests read it in the state dump (OPS-4, VMOP-2).
   * Absent on servers persisted before it existed and on servers never rebooted.
   */
  rebootTypes?: ('SOFT' | 'HARD')[];
  /** vm_state and flavor to return to when a resize is confirmed or reverted. */
  previousVmState: string | null;
  previousFlavorId: string | null;
}

export interface ServerGroup {
  id: string;
  name: string;
  policy: string;
  rules: Record<string, unknown>;
  members: string[];
  projectId: string;
  userId: string;
}

/** Glance image: wire fields except `self`/`file`/`schema`; custom properties in `properties`. */
export interface Image {
  id: string;
  name: string | null;
  status: string;
  disk_format: string | null;
  container_format: string | null;
  visibility: string;
  size: number | null;
  virtual_size: number | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  protected: boolean;
  min_ram: number;
  min_disk: number;
  owner: string;
  os_hidden: boolean;
  created_at: number;
  updated_at: number;
  tags: string[];
  properties: Record<string, string>;
}

export interface VolumeAttachment {
  id: string;
  serverId: string;
  device: string;
  attachedAt: number;
  /** Made through Cinder's attachments API without a connector: holds the volume `reserved`, not attached. */
  reserved?: boolean;
}

export interface Volume {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  projectId: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
  volumeType: string;
  snapshotId: string | null;
  sourceVolid: string | null;
  imageId: string | null;
  bootable: boolean;
  multiattach: boolean;
  metadata: Record<string, string>;
  attachments: VolumeAttachment[];
  /** Glance properties copied at creation from an image (`volume_image_metadata`). */
  imageMetadata: Record<string, string> | null;
}

export interface Snapshot {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  volumeId: string;
  projectId: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
  metadata: Record<string, string>;
}

/** Neutron records are stored in wire shape (snake_case) since every attribute is a filter. */
export type NeutronRecord = Record<string, unknown> & { id: string; project_id: string };

export type NeutronCollection = 'networks' | 'subnets' | 'ports' | 'floatingips' | 'security_groups';

/** A timed state change waiting to happen; persisted so a restart resumes it. */
export interface PendingTransition {
  id: string;
  kind: string;
  resourceId: string;
  dueAt: number;
  /** Held by a `stuck` fault rule until the rules change. */
  held: boolean;
  data: Record<string, unknown>;
}

export interface EmuState {
  format: 1;
  /** Counter behind instance names (`instance-0000000a`). */
  instanceSeq: number;
  users: User[];
  projects: Project[];
  roles: Role[];
  assignments: Assignment[];
  tokens: Record<string, Token>;
  flavors: Flavor[];
  servers: Record<string, Server>;
  serverGroups: Record<string, ServerGroup>;
  images: Record<string, Image>;
  volumes: Record<string, Volume>;
  snapshots: Record<string, Snapshot>;
  neutron: Record<NeutronCollection, Record<string, NeutronRecord>>;
  pending: PendingTransition[];
  /** Guest behaviour for servers not yet created, by server name (tests set it before the manager deploys). */
  guestPresets: Record<string, GuestPreset>;
}
