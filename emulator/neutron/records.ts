/**
 * Builders for Neutron records in their Zed wire shape (spec §5). The records are stored as built,
 * so listing, filtering on any attribute and `fields=` work on the same object the client sees.
 */
import type { NeutronRecord } from '../state/model.ts';
import { macAddress, uuid } from '../state/ids.ts';
import { secondsZ } from '../state/time-format.ts';
import { defaultGateway, defaultPools } from './ipam.ts';

function common(projectId: string, now: number, name: string, description: string): NeutronRecord {
  const t = secondsZ(now);
  return {
    id: uuid(),
    name,
    tenant_id: projectId,
    project_id: projectId,
    description,
    tags: [],
    created_at: t,
    updated_at: t,
    revision_number: 1,
  };
}

export interface NetworkInput {
  name: string;
  projectId: string;
  shared?: boolean;
  external?: boolean;
  adminStateUp?: boolean;
  description?: string;
  mtu?: number;
}

export function networkRecord(input: NetworkInput, now: number): NeutronRecord {
  const external = input.external ?? false;
  return {
    ...common(input.projectId, now, input.name, input.description ?? ''),
    admin_state_up: input.adminStateUp ?? true,
    mtu: input.mtu ?? (external ? 1500 : 1442),
    status: 'ACTIVE',
    subnets: [],
    shared: input.shared ?? false,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    'router:external': external,
    port_security_enabled: true,
    is_default: external ? false : undefined,
    'provider:network_type': external ? 'flat' : 'geneve',
    'provider:physical_network': external ? 'public' : null,
    'provider:segmentation_id': external ? null : Math.floor(Math.random() * 60000) + 1,
    l2_adjacency: true,
  };
}

export interface SubnetInput {
  name: string;
  projectId: string;
  networkId: string;
  cidr: string;
  ipVersion?: number;
  gatewayIp?: string | null;
  enableDhcp?: boolean;
  allocationPools?: { start: string; end: string }[];
  dnsNameservers?: string[];
  description?: string;
}

export function subnetRecord(input: SubnetInput, now: number): NeutronRecord {
  const gateway = input.gatewayIp === undefined ? defaultGateway(input.cidr) : input.gatewayIp;
  return {
    ...common(input.projectId, now, input.name, input.description ?? ''),
    revision_number: 0,
    network_id: input.networkId,
    ip_version: input.ipVersion ?? 4,
    subnetpool_id: null,
    enable_dhcp: input.enableDhcp ?? true,
    ipv6_ra_mode: null,
    ipv6_address_mode: null,
    gateway_ip: gateway,
    cidr: input.cidr,
    allocation_pools: input.allocationPools ?? defaultPools(input.cidr, gateway),
    host_routes: [],
    dns_nameservers: input.dnsNameservers ?? [],
    service_types: [],
  };
}

/** What a port may be given beyond its name, project, network, addresses and groups (a default otherwise). */
export interface PortOptions {
  macAddress?: string;
  deviceId?: string;
  deviceOwner?: string;
  description?: string;
  portSecurityEnabled?: boolean;
  adminStateUp?: boolean;
}

export interface PortInput extends PortOptions {
  name: string;
  projectId: string;
  networkId: string;
  fixedIps: { subnet_id: string; ip_address: string }[];
  securityGroups: string[];
}

export function portRecord(input: PortInput, now: number): NeutronRecord {
  return {
    ...common(input.projectId, now, input.name, input.description ?? ''),
    network_id: input.networkId,
    mac_address: input.macAddress ?? macAddress(),
    admin_state_up: input.adminStateUp ?? true,
    status: 'DOWN',
    device_id: input.deviceId ?? '',
    device_owner: input.deviceOwner ?? '',
    fixed_ips: input.fixedIps,
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    security_groups: input.securityGroups,
    port_security_enabled: input.portSecurityEnabled ?? true,
    'binding:vnic_type': 'normal',
    'binding:profile': {},
    'binding:host_id': '',
    'binding:vif_type': 'unbound',
    'binding:vif_details': {},
    dns_name: '',
    propagate_uplink_status: false,
  };
}

export function securityGroupRecord(projectId: string, name: string, now: number): NeutronRecord {
  return {
    ...common(projectId, now, name, name === 'default' ? 'Default security group' : ''),
    stateful: true,
    security_group_rules: [],
  };
}

export function floatingIpRecord(
  input: { projectId: string; networkId: string; address: string; description?: string },
  now: number,
): NeutronRecord {
  const rec = common(input.projectId, now, '', input.description ?? '');
  delete rec.name;
  return {
    ...rec,
    floating_network_id: input.networkId,
    floating_ip_address: input.address,
    router_id: null,
    port_id: null,
    fixed_ip_address: null,
    status: 'DOWN',
    port_details: null,
    qos_policy_id: null,
    port_forwardings: [],
  };
}
