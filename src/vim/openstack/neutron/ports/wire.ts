/** Neutron port on the wire → `VimPort`; create body with fixed IPs and the tag in `description`. */
import type { CreatePortRequest, VimPort } from '../../../driver.ts';
import { tagDescription } from '../resource.ts';

export interface WirePort {
  id: string;
  name: string;
  network_id: string;
  mac_address: string;
  fixed_ips?: { subnet_id: string; ip_address: string }[];
  device_id?: string | null;
  status: string;
  description?: string | null;
}

export function toVimPort(w: WirePort): VimPort {
  return {
    id: w.id,
    name: w.name,
    networkId: w.network_id,
    macAddress: w.mac_address,
    fixedIps: (w.fixed_ips ?? []).map((f) => ({ subnetId: f.subnet_id, ipAddress: f.ip_address })),
    deviceId: w.device_id || undefined,
    status: w.status,
    description: w.description ?? undefined,
  };
}

export function createPortBody(req: CreatePortRequest): Record<string, unknown> {
  return {
    name: req.name,
    network_id: req.networkId,
    ...(req.fixedIps
      ? {
          fixed_ips: req.fixedIps.map((f) => ({
            ...(f.subnetId !== undefined ? { subnet_id: f.subnetId } : {}),
            ...(f.ipAddress !== undefined ? { ip_address: f.ipAddress } : {}),
          })),
        }
      : {}),
    ...(req.macAddress !== undefined ? { mac_address: req.macAddress } : {}),
    ...(req.securityGroups !== undefined ? { security_groups: req.securityGroups } : {}),
    description: tagDescription(req.tag),
  };
}
