/** @module The network port over Neutron: networks, subnets and ports, each a bound resource with its create. */
import type { NetworkPort } from '../../driver.ts';
import { bindResource, inScope, type ClientOf } from '../resource.ts';
import { networkResource } from './networks/requests.ts';
import { portResource } from './ports/requests.ts';
import { subnetResource } from './subnets/requests.ts';

export function neutronNetworkPort(neutron: ClientOf): NetworkPort {
  const networks = bindResource(networkResource, neutron);
  const subnets = bindResource(subnetResource, neutron);
  const ports = bindResource(portResource, neutron);
  return {
    findNetwork: networks.find,
    findSubnet: (scope, nameOrId, networkId) => subnets.find(scope, nameOrId, { networkId }),
    findPort: ports.find,
    createNetwork: inScope(neutron, networkResource.create),
    listNetworks: networks.list,
    deleteNetwork: networks.delete,
    createSubnet: inScope(neutron, subnetResource.create),
    listSubnets: subnets.list,
    deleteSubnet: subnets.delete,
    createPort: inScope(neutron, portResource.create),
    getPort: ports.get,
    listPorts: ports.list,
    deletePort: ports.delete,
  };
}
