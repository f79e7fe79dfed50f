/**
 * @module Nova server groups on the wire (openstack-api.md §2.6): `policies: [p]` before compute
 * 2.64, `policy` from 2.64. Gets and lists use the client's default microversion, so both shapes
 * are read; the create is sent at 2.64.
 */
import type { ServerGroupPolicy, VimServerGroup } from '../../../driver.ts';

export interface WireServerGroup {
  id: string;
  name: string;
  policy?: string;
  policies?: string[];
  members?: string[];
}

export function toVimServerGroup(w: WireServerGroup): VimServerGroup {
  return { id: w.id, name: w.name, policy: (w.policy ?? w.policies?.[0] ?? '') as ServerGroupPolicy, members: w.members ?? [] };
}
