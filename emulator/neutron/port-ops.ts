/**
 * Port creation with fixed-IP validation and allocation, shared by Neutron's `POST /ports` and
 * Nova's server create (`networks: [{uuid}]`), so both answer conflicts the same way
 * (409 IpAddressAlreadyAllocated, 404 NetworkNotFound). Addresses come from `ip-index.ts`.
 */
import type { Cloud } from '../state/cloud.ts';
import type { NeutronRecord } from '../state/model.ts';
import { badRequest, conflict, notFound } from '../http/types.ts';
import { inCidr } from './ipam.ts';
import { allocateFixedIp, ipInUse, portAdded, portRemoved } from './ip-index.ts';
import { portRecord, securityGroupRecord, type PortOptions } from './records.ts';
import { dropRecord, storeRecord } from './record-index.ts';
import { portGone } from '../nova/server-index.ts';

/** A port as asked for: fixed IPs may leave out the subnet or the address, groups may be names. */
export interface PortRequest extends PortOptions {
  projectId: string;
  networkId: string;
  name?: string;
  fixedIps?: { subnet_id?: string; ip_address?: string }[];
  securityGroups?: string[];
}

/** Neutron creates a project's `default` group on first use. */
export function defaultSecurityGroup(cloud: Cloud, projectId: string): NeutronRecord {
  const groups = cloud.state.neutron.security_groups;
  const found = Object.values(groups).find((g) => g.project_id === projectId && g.name === 'default');
  if (found) return found;
  const sg = securityGroupRecord(projectId, 'default', cloud.clock.now());
  storeRecord(cloud, 'security_groups', sg);
  return sg;
}

/** Security group names or ids → ids, in the project. */
export function resolveSecurityGroups(cloud: Cloud, projectId: string, refs: string[]): string[] {
  return refs.map((ref) => {
    if (ref === 'default') return defaultSecurityGroup(cloud, projectId).id;
    const groups = Object.values(cloud.state.neutron.security_groups);
    const sg = groups.find((g) => g.id === ref) ?? groups.find((g) => g.name === ref && g.project_id === projectId);
    if (!sg) throw notFound(`Security group ${ref} does not exist`, 'SecurityGroupNotFound');
    return sg.id;
  });
}

export function network(cloud: Cloud, id: string): NeutronRecord {
  const net = cloud.state.neutron.networks[id];
  if (!net) throw notFound(`Network ${id} could not be found.`, 'NetworkNotFound');
  return net;
}

function subnetsOf(cloud: Cloud, networkId: string): NeutronRecord[] {
  return Object.values(cloud.state.neutron.subnets).filter((s) => s.network_id === networkId);
}

function gatewaysOf(subnets: NeutronRecord[]): Set<string> {
  return new Set(subnets.flatMap((s) => (s.gateway_ip ? [String(s.gateway_ip)] : [])));
}

function assignIps(cloud: Cloud, req: PortRequest): { subnet_id: string; ip_address: string }[] {
  const subnets = subnetsOf(cloud, req.networkId);
  const wanted = req.fixedIps ?? (subnets[0] ? [{ subnet_id: subnets[0].id }] : []);
  const gateways = gatewaysOf(subnets);
  const picked = new Set<string>();
  return wanted.map((entry) => {
    const subnet = entry.subnet_id
      ? subnets.find((s) => s.id === entry.subnet_id)
      : subnets.find((s) => entry.ip_address !== undefined && inCidr(entry.ip_address, String(s.cidr)));
    if (!subnet) {
      throw badRequest(
        entry.subnet_id
          ? `Invalid input for operation: Failed to create port on network ${req.networkId}, because fixed_ips included invalid subnet ${entry.subnet_id}.`
          : `Invalid input for operation: IP address ${entry.ip_address} is not a valid IP for any of the subnets on the specified network.`,
        'InvalidInput',
      );
    }
    if (entry.ip_address !== undefined) {
      if (!inCidr(entry.ip_address, String(subnet.cidr))) {
        throw badRequest(`Invalid input for operation: IP address ${entry.ip_address} is not a valid IP for the specified subnet.`, 'InvalidInput');
      }
      if (gateways.has(entry.ip_address) || picked.has(entry.ip_address) || ipInUse(cloud, req.networkId, entry.ip_address)) {
        throw conflict(`IP address ${entry.ip_address} already allocated in subnet ${subnet.id}`, 'IpAddressAlreadyAllocated');
      }
      picked.add(entry.ip_address);
      return { subnet_id: subnet.id, ip_address: entry.ip_address };
    }
    const ip = allocateFixedIp(cloud, subnet, gateways, picked);
    picked.add(ip);
    return { subnet_id: subnet.id, ip_address: ip };
  });
}

export function createPort(cloud: Cloud, req: PortRequest): NeutronRecord {
  network(cloud, req.networkId);
  const portSecurity = req.portSecurityEnabled ?? true;
  if (!portSecurity && req.securityGroups?.length) {
    throw conflict(`Port has security group associated. Cannot disable port security or ip address until security group is removed`, 'PortSecurityAndIPRequiredForSecurityGroups');
  }
  if (req.macAddress && Object.values(cloud.state.neutron.ports).some((p) => p.network_id === req.networkId && p.mac_address === req.macAddress)) {
    throw conflict(`Unable to complete operation for network ${req.networkId}. The mac address ${req.macAddress} is in use.`, 'MacAddressInUse');
  }
  const securityGroups = portSecurity
    ? resolveSecurityGroups(cloud, req.projectId, req.securityGroups ?? ['default'])
    : [];
  const port = portRecord({ ...req, name: req.name ?? '', fixedIps: assignIps(cloud, req), securityGroups, portSecurityEnabled: portSecurity }, cloud.clock.now());
  storeRecord(cloud, 'ports', port);
  portAdded(cloud, port);
  return port;
}

/** Deletes a port and frees its addresses: every removal goes through here, so the index stays whole. */
export function removePort(cloud: Cloud, portId: string): void {
  const port = cloud.state.neutron.ports[portId];
  if (!port) return;
  dropRecord(cloud, 'ports', portId);
  portRemoved(cloud, port);
  portGone(cloud.state, portId);
}
