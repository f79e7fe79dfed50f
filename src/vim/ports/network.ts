/** The network port (Neutron): networks, subnets and the ports VMs attach to (`VimPort`). */
import type { ListFilter, Scope } from './scope.ts';

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

export interface NetworkPort {
  findNetwork(scope: Scope, nameOrId: string): Promise<VimNetwork | undefined>;
  findSubnet(scope: Scope, nameOrId: string, networkId?: string): Promise<VimSubnet | undefined>;
  findPort(scope: Scope, nameOrId: string): Promise<VimPort | undefined>;

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
}
