/** @module Neutron network calls (the shared Neutron resource shape bound to networks). */
import type { CreateNetworkRequest, VimNetwork } from '../../../driver.ts';
import { neutronResource } from '../resource.ts';
import { createNetworkBody, toVimNetwork, type WireNetwork } from './wire.ts';

export const networkResource = neutronResource<WireNetwork, VimNetwork, CreateNetworkRequest>({
  singular: 'network', plural: 'networks', fromWire: toVimNetwork, createBody: createNetworkBody,
});
