/**
 * The Neutron resources the emulator serves, each as data plus its create, update and delete
 * rules (spec §5): networks, subnets (overlap check), ports (IP allocation, 409 on taken IPs),
 * floating IPs (association shows in Nova `addresses`), security groups.
 */
import type { Ctx } from '../http/service.ts';
import { ApiError, badRequest, conflict, notFound } from '../http/types.ts';
import type { NeutronCollection, NeutronRecord } from '../state/model.ts';
import { floatingIpRecord, networkRecord, portRecord, securityGroupRecord, subnetRecord } from './records.ts';
import { allocateIp, parseCidr } from './ipam.ts';
import { createPort, network, removePort, resolveSecurityGroups } from './port-ops.ts';
import { networkRemoved } from './ip-index.ts';
import { dropRecord } from './record-index.ts';
import { serversListingPort } from '../nova/server-index.ts';

type Body = Record<string, unknown>;

export interface CollectionDef {
  name: NeutronCollection;
  path: string;
  singular: string;
  notFound(id: string): ApiError;
  /** Attributes accepted as filters (from a sample record). */
  attributes: Set<string>;
  create(ctx: Ctx, body: Body): NeutronRecord;
  updatable: Set<string>;
  afterUpdate?(ctx: Ctx, record: NeutronRecord, body: Body): void;
  remove(ctx: Ctx, record: NeutronRecord): void;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const keysOf = (r: NeutronRecord) => new Set(Object.keys(r));

function required(body: Body, key: string, kind: string): string {
  const v = str(body[key]);
  if (!v) throw badRequest(`Failed to parse request. Required attribute '${key}' not specified`, kind);
  return v;
}

function portsOn(ctx: Ctx, pred: (p: NeutronRecord) => boolean): NeutronRecord[] {
  return Object.values(ctx.cloud.state.neutron.ports).filter(pred);
}

const sampleNetwork = networkRecord({ name: '', projectId: '' }, 0);
const networks: CollectionDef = {
  name: 'networks',
  path: 'networks',
  singular: 'network',
  notFound: (id) => notFound(`Network ${id} could not be found.`, 'NetworkNotFound'),
  attributes: keysOf(sampleNetwork),
  create(ctx, body) {
    return networkRecord(
      {
        name: str(body.name) ?? '',
        projectId: str(body.project_id) ?? ctx.auth.projectId,
        ...(bool(body.shared) !== undefined && { shared: bool(body.shared) }),
        ...(bool(body['router:external']) !== undefined && { external: bool(body['router:external']) }),
        ...(bool(body.admin_state_up) !== undefined && { adminStateUp: bool(body.admin_state_up) }),
        ...(str(body.description) !== undefined && { description: str(body.description) }),
        ...(typeof body.mtu === 'number' && { mtu: body.mtu }),
      },
      ctx.cloud.clock.now(),
    );
  },
  updatable: new Set(['name', 'description', 'admin_state_up', 'shared', 'mtu', 'port_security_enabled', 'router:external']),
  remove(ctx, net) {
    const state = ctx.cloud.state.neutron;
    const busy = portsOn(ctx, (p) => p.network_id === net.id && !String(p.device_owner).startsWith('network:'));
    if (busy.length > 0) {
      throw conflict(`Unable to complete operation on network ${net.id}. There are one or more ports still in use on the network.`, 'NetworkInUse');
    }
    for (const p of portsOn(ctx, (x) => x.network_id === net.id)) removePort(ctx.cloud, p.id);
    networkRemoved(ctx.cloud, net.id);
    for (const s of Object.values(state.subnets)) if (s.network_id === net.id) dropRecord(ctx.cloud, 'subnets', s.id);
  },
};

const sampleSubnet = subnetRecord({ name: '', projectId: '', networkId: '', cidr: '10.0.0.0/24' }, 0);
const subnets: CollectionDef = {
  name: 'subnets',
  path: 'subnets',
  singular: 'subnet',
  notFound: (id) => notFound(`Subnet ${id} could not be found.`, 'SubnetNotFound'),
  attributes: keysOf(sampleSubnet),
  create(ctx, body) {
    const net = network(ctx.cloud, required(body, 'network_id', 'HTTPBadRequest'));
    const cidr = required(body, 'cidr', 'HTTPBadRequest');
    const { base, size } = parseCidr(cidr);
    for (const other of Object.values(ctx.cloud.state.neutron.subnets)) {
      if (other.network_id !== net.id) continue;
      const o = parseCidr(String(other.cidr));
      if (base < o.base + o.size && o.base < base + size) {
        throw badRequest(`Invalid input for operation: Requested subnet with cidr: ${cidr} for network: ${net.id} overlaps with another subnet.`, 'InvalidInput');
      }
    }
    const subnet = subnetRecord(
      {
        name: str(body.name) ?? '',
        projectId: str(body.project_id) ?? ctx.auth.projectId,
        networkId: net.id,
        cidr,
        ...(typeof body.ip_version === 'number' && { ipVersion: body.ip_version }),
        ...(body.gateway_ip !== undefined && { gatewayIp: body.gateway_ip as string | null }),
        ...(bool(body.enable_dhcp) !== undefined && { enableDhcp: bool(body.enable_dhcp) }),
        ...(Array.isArray(body.allocation_pools) && { allocationPools: body.allocation_pools as { start: string; end: string }[] }),
        ...(Array.isArray(body.dns_nameservers) && { dnsNameservers: body.dns_nameservers as string[] }),
        ...(str(body.description) !== undefined && { description: str(body.description) }),
      },
      ctx.cloud.clock.now(),
    );
    (net.subnets as string[]).push(subnet.id);
    return subnet;
  },
  updatable: new Set(['name', 'description', 'enable_dhcp', 'dns_nameservers', 'gateway_ip', 'host_routes', 'allocation_pools']),
  remove(ctx, subnet) {
    const busy = portsOn(ctx, (p) => (p.fixed_ips as { subnet_id: string }[]).some((ip) => ip.subnet_id === subnet.id));
    if (busy.length > 0) {
      throw conflict(`Unable to complete operation on subnet ${subnet.id}: One or more ports have an IP allocation from this subnet.`, 'SubnetInUse');
    }
    const net = ctx.cloud.state.neutron.networks[String(subnet.network_id)];
    if (net) net.subnets = (net.subnets as string[]).filter((id) => id !== subnet.id);
  },
};

const samplePort = portRecord({ name: '', projectId: '', networkId: '', fixedIps: [], securityGroups: [] }, 0);
const ports: CollectionDef = {
  name: 'ports',
  path: 'ports',
  singular: 'port',
  notFound: (id) => notFound(`Port ${id} could not be found.`, 'PortNotFound'),
  attributes: keysOf(samplePort),
  create(ctx, body) {
    const port = createPort(ctx.cloud, {
      projectId: str(body.project_id) ?? ctx.auth.projectId,
      networkId: required(body, 'network_id', 'HTTPBadRequest'),
      ...(str(body.name) !== undefined && { name: str(body.name) }),
      ...(Array.isArray(body.fixed_ips) && { fixedIps: body.fixed_ips as { subnet_id?: string; ip_address?: string }[] }),
      ...(Array.isArray(body.security_groups) && { securityGroups: body.security_groups as string[] }),
      ...(str(body.mac_address) !== undefined && { macAddress: str(body.mac_address) }),
      ...(str(body.device_id) !== undefined && { deviceId: str(body.device_id) }),
      ...(str(body.device_owner) !== undefined && { deviceOwner: str(body.device_owner) }),
      ...(str(body.description) !== undefined && { description: str(body.description) }),
      ...(bool(body.port_security_enabled) !== undefined && { portSecurityEnabled: bool(body.port_security_enabled) }),
      ...(bool(body.admin_state_up) !== undefined && { adminStateUp: bool(body.admin_state_up) }),
    });
    if (Array.isArray(body.allowed_address_pairs)) port.allowed_address_pairs = body.allowed_address_pairs;
    if (str(body['binding:vnic_type'])) port['binding:vnic_type'] = body['binding:vnic_type'];
    return port;
  },
  updatable: new Set(['name', 'description', 'admin_state_up', 'device_id', 'device_owner', 'security_groups', 'port_security_enabled', 'allowed_address_pairs', 'binding:host_id', 'binding:profile', 'binding:vnic_type', 'dns_name']),
  afterUpdate(ctx, port, body) {
    if (Array.isArray(body.security_groups)) port.security_groups = resolveSecurityGroups(ctx.cloud, port.project_id, body.security_groups as string[]);
  },
  remove(ctx, port) {
    // Live servers only: a deleted server's ports are never shown (issue 14: a port delete scanned every server).
    for (const s of serversListingPort(ctx.cloud.state, port.id)) s.ports = s.ports.filter((id) => id !== port.id);
    for (const fip of Object.values(ctx.cloud.state.neutron.floatingips)) {
      if (fip.port_id === port.id) Object.assign(fip, { port_id: null, fixed_ip_address: null, status: 'DOWN' });
    }
    removePort(ctx.cloud, port.id);
  },
};

function associate(ctx: Ctx, fip: NeutronRecord, portId: unknown, fixedIp: unknown): void {
  if (portId === null || portId === undefined) {
    Object.assign(fip, { port_id: null, fixed_ip_address: null, status: 'DOWN', port_details: null });
    return;
  }
  const port = ctx.cloud.state.neutron.ports[String(portId)];
  if (!port) throw notFound(`Port ${String(portId)} could not be found.`, 'PortNotFound');
  const ips = port.fixed_ips as { ip_address: string }[];
  const ip = str(fixedIp) ?? ips[0]?.ip_address;
  if (!ip) throw badRequest(`Port ${port.id} does not have an IP address`, 'BadRequest');
  Object.assign(fip, { port_id: port.id, fixed_ip_address: ip, status: 'ACTIVE', port_details: { name: port.name, network_id: port.network_id, mac_address: port.mac_address, admin_state_up: port.admin_state_up, status: port.status, device_id: port.device_id, device_owner: port.device_owner } });
}

const sampleFip = floatingIpRecord({ projectId: '', networkId: '', address: '' }, 0);
const floatingips: CollectionDef = {
  name: 'floatingips',
  path: 'floatingips',
  singular: 'floatingip',
  notFound: (id) => notFound(`Floating IP ${id} could not be found`, 'FloatingIPNotFound'),
  attributes: keysOf(sampleFip),
  create(ctx, body) {
    const net = network(ctx.cloud, required(body, 'floating_network_id', 'HTTPBadRequest'));
    if (net['router:external'] !== true) throw badRequest(`Bad floatingip request: Network ${net.id} is not a valid external network.`, 'BadRequest');
    const subnet = Object.values(ctx.cloud.state.neutron.subnets).find((s) => s.network_id === net.id);
    if (!subnet) throw badRequest(`Bad floatingip request: Network ${net.id} has no subnet.`, 'BadRequest');
    const used = new Set(Object.values(ctx.cloud.state.neutron.floatingips).map((f) => String(f.floating_ip_address)));
    if (subnet.gateway_ip) used.add(String(subnet.gateway_ip));
    const address = str(body.floating_ip_address) ?? allocateIp(subnet.allocation_pools as { start: string; end: string }[], used, net.id);
    if (used.has(address)) throw conflict(`IP address ${address} already allocated in subnet ${subnet.id}`, 'IpAddressAlreadyAllocated');
    const fip = floatingIpRecord({ projectId: str(body.project_id) ?? ctx.auth.projectId, networkId: net.id, address, ...(str(body.description) !== undefined && { description: str(body.description) }) }, ctx.cloud.clock.now());
    if (body.port_id) associate(ctx, fip, body.port_id, body.fixed_ip_address);
    return fip;
  },
  updatable: new Set(['description']),
  afterUpdate(ctx, fip, body) {
    if ('port_id' in body) associate(ctx, fip, body.port_id, body.fixed_ip_address);
  },
  remove: () => {},
};

const sampleSg = securityGroupRecord('', '', 0);
const securityGroups: CollectionDef = {
  name: 'security_groups',
  path: 'security-groups',
  singular: 'security_group',
  notFound: (id) => notFound(`Security group ${id} does not exist`, 'SecurityGroupNotFound'),
  attributes: keysOf(sampleSg),
  create(ctx, body) {
    const sg = securityGroupRecord(str(body.project_id) ?? ctx.auth.projectId, required(body, 'name', 'HTTPBadRequest'), ctx.cloud.clock.now());
    if (str(body.description) !== undefined) sg.description = body.description;
    return sg;
  },
  updatable: new Set(['name', 'description']),
  remove(ctx, sg) {
    if (sg.name === 'default') throw conflict('Insufficient rights for removing default security group.', 'SecurityGroupCannotRemoveDefault');
    if (portsOn(ctx, (p) => (p.security_groups as string[]).includes(sg.id)).length > 0) {
      throw conflict(`Security Group ${sg.id} in use.`, 'SecurityGroupInUse');
    }
  },
};

export const COLLECTIONS: CollectionDef[] = [networks, subnets, ports, floatingips, securityGroups];
