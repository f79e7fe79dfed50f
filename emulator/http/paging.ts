/**
 * Marker paging as every service here answers it: a page starts after the item whose id is the
 * `marker` (an unknown marker is a 400 in the service's words), holds at most `limit` items, and
 * names its last item as the next page's marker when more follow. Each service builds its own
 * `next` link from that.
 */

/** Where the page starts: 0 without a marker, else just after the marker's item. */
export function startAfter<T extends { id: string }>(items: readonly T[], marker: string | null, unknownMarker: (marker: string) => Error): number {
  if (marker === null) return 0;
  const start = items.findIndex((x) => x.id === marker) + 1;
  if (start === 0) throw unknownMarker(marker);
  return start;
}

/** Up to `limit` items from `start`; `next` (the last one's id) only when more follow. */
export function pageFrom<T extends { id: string }>(items: readonly T[], start: number, limit: number): { page: T[]; next?: string } {
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  return start + limit < items.length && last ? { page, next: last.id } : { page };
}
