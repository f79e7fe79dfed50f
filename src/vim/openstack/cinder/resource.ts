/**
 * @module What Cinder volumes and snapshots share (openstack-api.md §4): `{"<singular>": …}` on
 * get, `GET /<plural>/detail` to list, 202 on delete, and the tag in metadata `vnfm_tag`, which
 * the list filters on with `?metadata={"vnfm_tag": …}`.
 */
import { vimTagKey } from '../../driver.ts';
import type { ResourceSpec } from '../resource.ts';

export function cinderResource<W extends { metadata?: Record<string, string> }, V extends { id: string; name: string }>(r: {
  singular: string;
  plural: string;
  url(id: string): string;
  detailUrl: string;
  fromWire(w: W): V;
}): ResourceSpec<W, V> {
  return {
    what: r.singular,
    url: r.url,
    listUrl: r.detailUrl,
    keys: { one: r.singular, many: r.plural },
    ok: { get: [200], delete: [202] },
    fromWire: r.fromWire,
    tagOf: (w) => w.metadata?.[vimTagKey],
    query: (f) => ({ name: f.name, metadata: f.tag !== undefined ? JSON.stringify({ [vimTagKey]: f.tag }) : undefined }),
  };
}
