/** Neutron subnet on the wire → `VimSubnet`; create body with the tag in `description`. */
import type { CreateSubnetRequest, VimSubnet } from '../../../driver.ts';
import { tagDescription } from '../resource.ts';

export interface WireSubnet {
  id: string;
  name: string;
  network_id: string;
  cidr: string;
  gateway_ip?: string | null;
  ip_version: number;
  enable_dhcp: boolean;
  description?: string | null;
}

export function toVimSubnet(w: WireSubnet): VimSubnet {
  return {
    id: w.id,
    name: w.name,
    networkId: w.network_id,
    cidr: w.cidr,
    gatewayIp: w.gateway_ip ?? undefined,
    ipVersion: w.ip_version,
    enableDhcp: w.enable_dhcp,
  };
}

export function createSubnetBody(req: CreateSubnetRequest): Record<string, unknown> {
  return {
    name: req.name,
    network_id: req.networkId,
    cidr: req.cidr,
    ip_version: req.ipVersion,
    enable_dhcp: req.enableDhcp,
    ...(req.gatewayIp !== undefined ? { gateway_ip: req.gatewayIp } : {}),
    description: tagDescription(req.tag),
  };
}
