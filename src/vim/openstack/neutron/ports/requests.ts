/** @module Neutron port calls (the shared Neutron resource shape bound to ports, listed per device). */
import type { CreatePortRequest, ListFilter, VimPort } from '../../../driver.ts';
import { neutronResource } from '../resource.ts';
import { createPortBody, toVimPort, type WirePort } from './wire.ts';

export const portResource = neutronResource<WirePort, VimPort, CreatePortRequest, ListFilter & { deviceId?: string }>({
  singular: 'port', plural: 'ports', fromWire: toVimPort, createBody: createPortBody, extraQuery: (f) => ({ device_id: f.deviceId }),
});
