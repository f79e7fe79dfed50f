/** @module Neutron network calls (the shared Neutron resource shape bound to networks). */
import { neutronResource } from '../resource.ts';
import { toVimNetwork, type WireNetwork } from './wire.ts';

export const networks = neutronResource<WireNetwork, ReturnType<typeof toVimNetwork>>('network', 'networks', toVimNetwork);
