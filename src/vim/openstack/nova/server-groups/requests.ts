/**
 * @module Nova server groups: get / list / delete as the shared resource binding; the create at
 * compute 2.64 (`policy`, which also takes the soft policies 2.15 brought). Nova stores nothing
 * but a name on a group, so the name is the idempotency tag (driver.ts tag rule).
 */
import type { ServerGroupPolicy, VimServerGroup } from '../../../driver.ts';
import type { ResourceSpec } from '../../resource.ts';
import type { ServiceClient } from '../../service-client.ts';
import { serverGroupsUrl, serverGroupUrl } from './urls.ts';
import { toVimServerGroup, type WireServerGroup } from './wire.ts';

export const serverGroupMicroversion = '2.64';

export const serverGroupResource: ResourceSpec<WireServerGroup, VimServerGroup> = {
  what: 'server group',
  url: serverGroupUrl,
  listUrl: serverGroupsUrl(),
  keys: { one: 'server_group', many: 'server_groups' },
  ok: { get: [200], delete: [204] },
  fromWire: toVimServerGroup,
  tagOf: (w) => w.name,
  query: () => ({}),
};

export async function createServerGroup(nova: ServiceClient, req: { name: string; policy: ServerGroupPolicy }): Promise<VimServerGroup> {
  const body = await nova.post<{ server_group: WireServerGroup }>(
    serverGroupsUrl(),
    { server_group: { name: req.name, policy: req.policy } },
    { ok: [200], microversion: serverGroupMicroversion },
  );
  return toVimServerGroup(body.server_group);
}
