/**
 * The shape of a JSON answer as a sorted list of field paths (`server.addresses.<key>[].addr`):
 * arrays collapse to `[]`, and keys that are data rather than schema (ids, network names under
 * `addresses`, free-form metadata) are masked, so two clouds with different resources compare
 * equal when their answers have the same fields.
 */
const ID_KEY = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** Objects whose keys are data: Nova addresses by network, metadata and properties maps. */
const MAPS = new Set(['addresses', 'metadata', 'volume_image_metadata', 'extra_specs', 'properties']);

export function fieldPaths(value: unknown): string[] {
  const out = new Set<string>();
  walk(value, '', out, false);
  return [...out].sort();
}

function walk(value: unknown, path: string, out: Set<string>, keysAreData: boolean): void {
  if (Array.isArray(value)) {
    const p = `${path}[]`;
    out.add(p);
    for (const item of value) walk(item, p, out, false);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const masked = keysAreData ? '<key>' : ID_KEY.test(key) ? '<id>' : key;
      const p = path ? `${path}.${masked}` : masked;
      out.add(p);
      walk(child, p, out, MAPS.has(key) && !keysAreData);
    }
  }
}
