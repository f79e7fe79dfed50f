/** Nova's `links`: self (versioned) and bookmark (unversioned) hrefs, absolute (pitfall 2a). */
import type { EmuRequest } from '../http/types.ts';

export function links(req: EmuRequest, collection: string, id: string): { rel: string; href: string }[] {
  return [
    { rel: 'self', href: `${req.baseUrl}/compute/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${req.baseUrl}/compute/${collection}/${id}` },
  ];
}
