/**
 * @module Nova flavors: by id, else by exact name among every flavor the project may use
 * (`is_public=None`: public and private, as osc `server list` asks).
 */
import type { VimFlavor } from '../../../driver.ts';
import { orUndefined, pickByNameOrId } from '../../filters.ts';
import { listAll } from '../../pager.ts';
import type { ServiceClient } from '../../service-client.ts';
import { flavorsDetailUrl, flavorUrl } from './urls.ts';
import { toVimFlavor, type WireFlavor } from './wire.ts';

export async function getFlavor(nova: ServiceClient, id: string): Promise<VimFlavor> {
  return toVimFlavor((await nova.get<{ flavor: WireFlavor }>(flavorUrl(id), { ok: [200] })).flavor);
}

export async function listFlavors(nova: ServiceClient): Promise<VimFlavor[]> {
  const flavors = await listAll<WireFlavor>(nova, flavorsDetailUrl(), { key: 'flavors', query: { is_public: 'None' } });
  return flavors.map(toVimFlavor);
}

export async function findFlavor(nova: ServiceClient, nameOrId: string): Promise<VimFlavor | undefined> {
  return (await orUndefined(() => getFlavor(nova, nameOrId))) ?? pickByNameOrId(await listFlavors(nova), nameOrId, 'flavor');
}
