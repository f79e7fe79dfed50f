/**
 * A server as Nova shows it at a microversion (spec §2.3). The 2.1 body is the base; later
 * microversions add or reshape fields as the rows of `ADDITIONS` say (rules as data), e.g. 2.47
 * embeds the flavor, 2.73 adds `locked_reason`.
 */
import { createHash } from 'node:crypto';
import type { Cloud } from '../state/cloud.ts';
import type { EmuRequest } from '../http/types.ts';
import type { Server } from '../state/model.ts';
import { cinderTime, secondsZ } from '../state/time-format.ts';
import { links } from './links.ts';
import { defaultHost } from './placement.ts';
import { serverStatus } from './server-status.ts';

/** The host a built server runs on (older state files recorded none: the first host). */
export function hostOf(s: Server): string {
  return s.host ?? defaultHost;
}

export function hostIdOf(s: Server): string {
  return createHash('sha224').update(s.projectId + hostOf(s)).digest('hex');
}

const PROGRESS_STATUSES = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);

/** `addresses`: network name → fixed IPs of each port, plus associated floating IPs. */
export function addressesOf(cloud: Cloud, s: Server): Record<string, unknown[]> {
  const { ports, networks, floatingips } = cloud.state.neutron;
  const out: Record<string, unknown[]> = {};
  for (const portId of s.ports) {
    const port = ports[portId];
    if (!port) continue;
    const netName = String(networks[String(port.network_id)]?.name ?? port.network_id);
    const list = (out[netName] ??= []);
    for (const ip of port.fixed_ips as { ip_address: string }[]) {
      list.push({ version: ip.ip_address.includes(':') ? 6 : 4, addr: ip.ip_address, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': port.mac_address });
    }
    for (const fip of Object.values(floatingips)) {
      if (fip.port_id !== portId) continue;
      list.push({ version: 4, addr: fip.floating_ip_address, 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': port.mac_address });
    }
  }
  return out;
}

type Addition = { from: number; apply(view: Record<string, unknown>, s: Server, cloud: Cloud, req: EmuRequest): void };

const ADDITIONS: Addition[] = [
  {
    from: 3,
    apply: (v, s) => {
      v['OS-EXT-SRV-ATTR:reservation_id'] = `r-${s.id.slice(0, 8)}`;
      v['OS-EXT-SRV-ATTR:launch_index'] = 0;
      v['OS-EXT-SRV-ATTR:hostname'] = hostnameOf(s.name);
      v['OS-EXT-SRV-ATTR:kernel_id'] = '';
      v['OS-EXT-SRV-ATTR:ramdisk_id'] = '';
      v['OS-EXT-SRV-ATTR:root_device_name'] = s.vmState === 'building' ? null : '/dev/vda';
      v['OS-EXT-SRV-ATTR:user_data'] = s.userData;
      v['os-extended-volumes:volumes_attached'] = s.bdms.map((b) => ({ id: b.volumeId, delete_on_termination: b.deleteOnTermination }));
    },
  },
  { from: 9, apply: (v, s) => void (v.locked = s.locked) },
  { from: 16, apply: (v, s) => void (s.vmState !== 'building' && (v.host_status = 'UP')) },
  { from: 19, apply: (v, s) => void (v.description = s.description) },
  { from: 26, apply: (v, s) => void (v.tags = s.tags) },
  {
    from: 47,
    apply: (v, s, cloud) => {
      const f = cloud.state.flavors.find((x) => x.id === s.flavorId);
      v.flavor = { vcpus: f?.vcpus ?? 0, ram: f?.ram ?? 0, disk: f?.disk ?? 0, ephemeral: f?.ephemeral ?? 0, swap: f?.swap ?? 0, original_name: f?.name ?? s.flavorId, extra_specs: f?.extraSpecs ?? {} };
    },
  },
  { from: 63, apply: (v) => void (v.trusted_image_certificates = null) },
  { from: 71, apply: (v, s) => void (v.server_groups = s.serverGroupId ? [s.serverGroupId] : []) },
  { from: 73, apply: (v, s) => void (v.locked_reason = s.lockedReason) },
];

export function hostnameOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'server';
}

export function serverView(cloud: Cloud, s: Server, mv: number, req: EmuRequest): Record<string, unknown> {
  const status = serverStatus(s);
  const built = s.vmState !== 'building';
  const view: Record<string, unknown> = {
    id: s.id,
    name: s.name,
    status,
    tenant_id: s.projectId,
    user_id: s.userId,
    metadata: s.metadata,
    hostId: built ? hostIdOf(s) : '',
    image: s.imageId ? { id: s.imageId, links: [{ rel: 'bookmark', href: `${req.baseUrl}/compute/images/${s.imageId}` }] } : '',
    flavor: { id: s.flavorId, links: [{ rel: 'bookmark', href: `${req.baseUrl}/compute/flavors/${s.flavorId}` }] },
    created: secondsZ(s.created),
    updated: secondsZ(s.updated),
    addresses: addressesOf(cloud, s),
    accessIPv4: '',
    accessIPv6: '',
    links: links(req, 'servers', s.id),
    'OS-DCF:diskConfig': 'MANUAL',
    'OS-EXT-AZ:availability_zone': s.availabilityZone,
    config_drive: s.configDrive ? 'True' : '',
    key_name: s.keyName,
    'OS-SRV-USG:launched_at': s.launchedAt === null ? null : cinderTime(s.launchedAt),
    'OS-SRV-USG:terminated_at': s.deletedAt === null ? null : cinderTime(s.deletedAt),
    'OS-EXT-SRV-ATTR:host': built ? hostOf(s) : null,
    'OS-EXT-SRV-ATTR:instance_name': s.instanceName,
    'OS-EXT-SRV-ATTR:hypervisor_hostname': built ? hostOf(s) : null,
    'OS-EXT-STS:task_state': s.taskState,
    'OS-EXT-STS:vm_state': s.vmState,
    'OS-EXT-STS:power_state': s.powerState,
    'os-extended-volumes:volumes_attached': s.bdms.map((b) => ({ id: b.volumeId })),
    security_groups: s.securityGroups.map((name) => ({ name })),
  };
  if (PROGRESS_STATUSES.has(status)) view.progress = 0;
  if (s.fault && status === 'ERROR') {
    view.fault = { code: s.fault.code, created: secondsZ(s.fault.created), message: s.fault.message, ...(s.fault.details && { details: s.fault.details }) };
  }
  for (const add of ADDITIONS) if (mv >= add.from) add.apply(view, s, cloud, req);
  return view;
}

export function serverSummary(s: Server, req: EmuRequest): Record<string, unknown> {
  return { id: s.id, name: s.name, links: links(req, 'servers', s.id) };
}
