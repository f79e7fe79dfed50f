/**
 * @module Nova server shapes on the wire (compute 2.1, openstack-api.md §2.3) and their
 * translation: the only place `OS-EXT-*` spellings appear (style §2, house rule 3).
 */
import { vimTagKey, type BlockDevice, type CreateServerRequest, type VimServer } from '../../../driver.ts';
import { buildUserData } from './user-data.ts';

export interface WireServer {
  id: string;
  name: string;
  status: string;
  metadata?: Record<string, string>;
  hostId?: string;
  image?: { id: string } | '';
  flavor?: { id?: string };
  addresses?: Record<string, { addr: string; version: number; 'OS-EXT-IPS-MAC:mac_addr'?: string }[]>;
  updated?: string;
  fault?: { message?: string };
  'OS-EXT-STS:task_state'?: string | null;
  'OS-EXT-STS:power_state'?: number;
  'OS-EXT-SRV-ATTR:hostname'?: string;
  'OS-EXT-SRV-ATTR:host'?: string | null;
}

export function toVimServer(w: WireServer): VimServer {
  return {
    id: w.id,
    name: w.name,
    status: w.status,
    taskState: w['OS-EXT-STS:task_state'] ?? undefined,
    powerState: w['OS-EXT-STS:power_state'],
    hostId: w.hostId || undefined,
    hostname: w['OS-EXT-SRV-ATTR:hostname'],
    host: w['OS-EXT-SRV-ATTR:host'] ?? undefined,
    imageId: typeof w.image === 'object' ? w.image.id : undefined,
    flavorId: w.flavor?.id,
    metadata: w.metadata ?? {},
    addresses: Object.fromEntries(
      Object.entries(w.addresses ?? {}).map(([net, addrs]) => [
        net,
        addrs.map((a) => ({ addr: a.addr, version: a.version, mac: a['OS-EXT-IPS-MAC:mac_addr'] })),
      ]),
    ),
    fault: w.fault?.message,
    updated: w.updated,
  };
}

/** `POST /servers` body. The tag goes into metadata `vnfm_tag` (driver.ts idempotency). */
export function createServerBody(req: CreateServerRequest): unknown {
  const userData = buildUserData(req);
  const networks = [
    ...req.portIds.map((port) => ({ port })),
    ...(req.networks ?? []).map((n) => (n.fixedIp ? { uuid: n.networkId, fixed_ip: n.fixedIp } : { uuid: n.networkId })),
  ];
  return {
    ...(req.schedulerHints?.group ? { 'os:scheduler_hints': { group: req.schedulerHints.group } } : {}),
    server: {
      name: req.name,
      imageRef: req.imageId ?? '',
      flavorRef: req.flavorId,
      min_count: 1,
      max_count: 1,
      ...(networks.length > 0 ? { networks } : {}),
      ...(req.blockDevices.length > 0 ? { block_device_mapping_v2: req.blockDevices.map(toWireBlockDevice) } : {}),
      ...(req.configDrive?.length ? { config_drive: true } : {}),
      ...(userData !== undefined ? { user_data: Buffer.from(userData, 'utf8').toString('base64') } : {}),
      ...(req.availabilityZone ? { availability_zone: req.availabilityZone } : {}),
      metadata: { ...req.metadata, [vimTagKey]: req.tag },
    },
  };
}

function toWireBlockDevice(b: BlockDevice): Record<string, unknown> {
  return {
    source_type: b.sourceType,
    destination_type: b.destinationType,
    ...(b.uuid !== undefined ? { uuid: b.uuid } : {}),
    ...(b.bootIndex !== undefined ? { boot_index: b.bootIndex } : {}),
    ...(b.volumeSize !== undefined ? { volume_size: b.volumeSize } : {}),
    delete_on_termination: b.deleteOnTermination,
  };
}

/** What `POST /servers` answers (202): only the id; the rest comes from the request. */
export function createdServer(id: string, req: CreateServerRequest): VimServer {
  return { id, name: req.name, status: 'BUILD', metadata: { ...req.metadata, [vimTagKey]: req.tag }, addresses: {}, imageId: req.imageId, flavorId: req.flavorId };
}
