/** @module Neutron port calls (the shared Neutron resource shape bound to ports). */
import { neutronResource } from '../resource.ts';
import { toVimPort, type WirePort } from './wire.ts';

export const ports = neutronResource<WirePort, ReturnType<typeof toVimPort>>('port', 'ports', toVimPort);
