/**
 * Makes wire output comparable with golden files: ids, times and addresses that differ on every run
 * become stable placeholders, numbered in order of first appearance so equal ids stay equal.
 */
const patterns: [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'uuid'],
  [/\b[0-9a-f]{56}\b/g, 'hostid'],
  [/\b[0-9a-f]{32}\b/g, 'hex'],
  [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, 'time'],
  [/fa:16:3e(:[0-9a-f]{2}){3}/g, 'mac'],
  // Addresses the VIM hands out (the documentation range of the emulator's `private` network).
  [/\b192\.0\.2\.\d{1,3}\b/g, 'ip'],
  [/"seq": \d+/g, 'seq'],
];

export function normalize(text: string): string {
  const seen = new Map<string, string>();
  let out = text;
  for (const [re, kind] of patterns)
    out = out.replace(re, (m) => {
      let name = seen.get(m);
      if (!name) {
        name = `<${kind}-${[...seen.values()].filter((v) => v.startsWith(`<${kind}-`)).length + 1}>`;
        seen.set(m, name);
      }
      return name;
    });
  return out;
}
