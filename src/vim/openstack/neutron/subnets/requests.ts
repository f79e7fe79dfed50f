/** @module Neutron subnet calls (the shared Neutron resource shape bound to subnets, listed per network). */
import type { CreateSubnetRequest, ListFilter, VimSubnet } from '../../../driver.ts';
import { neutronResource } from '../resource.ts';
import { createSubnetBody, toVimSubnet, type WireSubnet } from './wire.ts';

export const subnetResource = neutronResource<WireSubnet, VimSubnet, CreateSubnetRequest, ListFilter & { networkId?: string }>({
  singular: 'subnet', plural: 'subnets', fromWire: toVimSubnet, createBody: createSubnetBody, extraQuery: (f) => ({ network_id: f.networkId }),
});
