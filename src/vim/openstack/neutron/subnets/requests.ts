/** @module Neutron subnet calls (the shared Neutron resource shape bound to subnets). */
import { neutronResource } from '../resource.ts';
import { toVimSubnet, type WireSubnet } from './wire.ts';

export const subnets = neutronResource<WireSubnet, ReturnType<typeof toVimSubnet>>('subnet', 'subnets', toVimSubnet);
