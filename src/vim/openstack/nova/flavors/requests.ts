/**
 * @module Nova flavors: by id (any text: flavor ids need not be UUIDs), else by exact name among
 * every flavor the project may use (`is_public=None`: public and private, as osc `server list` asks).
 */
import type { VimFlavor } from '../../../driver.ts';
import type { ResourceSpec } from '../../resource.ts';
import { flavorsDetailUrl, flavorUrl } from './urls.ts';
import { toVimFlavor, type WireFlavor } from './wire.ts';

export const flavorResource: ResourceSpec<WireFlavor, VimFlavor> = {
  what: 'flavor',
  url: flavorUrl,
  listUrl: flavorsDetailUrl(),
  keys: { one: 'flavor', many: 'flavors' },
  ok: { get: [200], delete: [202] },
  fromWire: toVimFlavor,
  tagOf: () => undefined,
  query: () => ({ is_public: 'None' }),
  looksLikeId: () => true,
};
