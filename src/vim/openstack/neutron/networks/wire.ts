/** Neutron network on the wire → `VimNetwork`; create body with the tag in `description`. */
import type { CreateNetworkRequest, VimNetwork } from '../../../driver.ts';
import { tagDescription } from '../resource.ts';

export interface WireNetwork {
  id: string;
  name: string;
  shared?: boolean;
  'router:external'?: boolean;
  status: string;
  subnets?: string[];
  description?: string | null;
}

export function toVimNetwork(w: WireNetwork): VimNetwork {
  return {
    id: w.id,
    name: w.name,
    shared: w.shared === true,
    external: w['router:external'] === true,
    status: w.status,
    subnetIds: w.subnets ?? [],
  };
}

export function createNetworkBody(req: CreateNetworkRequest): Record<string, unknown> {
  return { name: req.name, shared: req.shared, admin_state_up: req.adminStateUp, description: tagDescription(req.tag) };
}
