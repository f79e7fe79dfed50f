/**
 * The placement part of the emulator contract's call sequence (COMP-1, issue 12): a server group
 * made at the driver's microversion (2.64, `policy`), shown and listed at 2.1 (`policies`), servers
 * created into it with `os:scheduler_hints` until its strict anti-affinity runs out of hosts (two
 * compute hosts: the third server is Nova's NoValidHost ERROR, shown with its fault), the group
 * deleted and asked for once gone. Everything it makes is recorded in `made` for `cleanUpPlacement`.
 */
import type { Caller } from './sequence-backup.ts';

export interface PlacementMade {
  servers: string[];
  groups: string[];
}

const compute = { 'x-openstack-nova-api-version': '2.1' };
/** The driver's server-group create microversion (src/vim/openstack/nova/server-groups/requests.ts). */
const groupVersion = { 'x-openstack-nova-api-version': '2.64' };

export async function placementCalls(
  c: Caller,
  nova: string,
  o: { name: string; imageId: string; flavorId: string; networkId: string },
  made: PlacementMade,
): Promise<void> {
  const group = await c.call('server-group-create', 'POST', `${nova}/os-server-groups`, {
    headers: groupVersion,
    body: { server_group: { name: `${o.name}-group`, policy: 'anti-affinity' } },
    label: 'POST /os-server-groups (2.64)',
  });
  const groupId = group.body.server_group.id as string;
  made.groups.push(groupId);
  await c.call('server-group-show', 'GET', `${nova}/os-server-groups/${groupId}`, { headers: compute, label: 'GET /os-server-groups/{id}' });
  await c.call('server-groups-list', 'GET', `${nova}/os-server-groups`, { headers: compute, label: 'GET /os-server-groups' });

  const status = (id: string) => async () => (await c.call(undefined, 'GET', `${nova}/servers/${id}`, { headers: compute })).body.server?.status as string | undefined;
  for (const k of [1, 2, 3]) {
    const server = await c.call(k === 1 ? 'server-create-in-group' : undefined, 'POST', `${nova}/servers`, {
      headers: compute,
      body: {
        server: { name: `${o.name}-placed-${k}`, flavorRef: o.flavorId, imageRef: o.imageId, networks: [{ uuid: o.networkId }] },
        'os:scheduler_hints': { group: groupId },
      },
      label: 'POST /servers (os:scheduler_hints group)',
    });
    const id = server.body.server.id as string;
    made.servers.push(id);
    await c.settle(`server ${k} of the anti-affinity group`, status(id), k < 3 ? 'ACTIVE' : 'ERROR');
    if (k === 3) await c.call('server-show-no-valid-host', 'GET', `${nova}/servers/${id}`, { headers: compute, label: 'GET /servers/{id} (NoValidHost)' });
  }
  await c.call('server-group-show-members', 'GET', `${nova}/os-server-groups/${groupId}`, { headers: compute, label: 'GET /os-server-groups/{id} (with members)' });
  await c.call('server-group-delete', 'DELETE', `${nova}/os-server-groups/${groupId}`, { headers: compute, label: 'DELETE /os-server-groups/{id}' });
  await c.call('server-group-404', 'GET', `${nova}/os-server-groups/${groupId}`, { headers: compute, label: 'GET /os-server-groups/{unknown}' });
}

/** Removes what `placementCalls` made: its servers, then its group (already gone when all went well). */
export async function cleanUpPlacement(c: Caller, nova: string, made: PlacementMade): Promise<void> {
  for (const id of made.servers) await c.call(undefined, 'DELETE', `${nova}/servers/${id}`, { headers: compute });
  for (const id of made.servers) await c.gone(`${nova}/servers/${id}`, compute);
  for (const id of made.groups) await c.call(undefined, 'DELETE', `${nova}/os-server-groups/${id}`, { headers: compute });
}
