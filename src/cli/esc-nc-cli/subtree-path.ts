/**
 * `esc_nc_cli get esc_datamodel/opdata/tenants` (esc-interface.md §5.1): the path a user types becomes
 * the nested RFC 6241 §6 subtree filter, `<esc_datamodel xmlns="…esc"><opdata><tenants/></opdata></esc_datamodel>`.
 * A step may carry key predicates as in the XPath clients use on opdata (`tenant[name='acme']`), which
 * become content-match leaves. The top node picks the namespace from a table, because a subtree filter
 * element without one would not say which module it means; an unknown top node is refused before
 * anything is sent.
 */
import { escNamespace } from '../../datamodel/namespaces.ts';
import { escapeAttribute, escapeXml } from '../../xml/escape.ts';

/** The top-level nodes a `get` may start from, with their module's namespace. */
export const topNodes: Readonly<Record<string, string>> = {
  esc_datamodel: escNamespace,
  netconf: 'urn:ietf:params:xml:ns:netmod:notification',
  'netconf-state': 'urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring',
};

interface Step {
  readonly name: string;
  readonly keys: readonly (readonly [string, string])[];
}

/** The usage error a bad path gives; the CLI prints it and sends nothing. */
export class PathError extends Error {}

const xmlName = /^[A-Za-z_][\w.-]*$/;
const stepPattern = /^([^[\]]+)((?:\[[^\]]*\])*)$/;
const predicatePattern = /\[\s*([^=\s\]]+)\s*=\s*(?:'([^']*)'|"([^"]*)"|([^\]'"]*?))\s*\]/g;

/** The `<filter type="subtree">` element for `path`; undefined for an empty path (no filter: everything). */
export function subtreeFilter(path: string | undefined): string | undefined {
  const steps = parsePath(path ?? '');
  if (steps.length === 0) return undefined;
  const namespace = topNodes[steps[0]!.name];
  if (namespace === undefined) {
    throw new PathError(`unknown top-level node [${steps[0]!.name}]; a path starts with one of: ${Object.keys(topNodes).join(', ')}`);
  }
  return `<filter type="subtree">${nest(steps, 0, namespace)}</filter>`;
}

function nest(steps: readonly Step[], at: number, namespace: string): string {
  const step = steps[at]!;
  const open = at === 0 ? `<${step.name} xmlns="${escapeAttribute(namespace)}">` : `<${step.name}>`;
  const keys = step.keys.map(([key, value]) => `<${key}>${escapeXml(value)}</${key}>`).join('');
  const inner = at + 1 < steps.length ? nest(steps, at + 1, namespace) : '';
  if (!keys && !inner) return at === 0 ? open.replace(/>$/, '/>') : `<${step.name}/>`;
  return `${open}${keys}${inner}</${step.name}>`;
}

/** Splits on `/` outside predicates (a key value may hold a slash). */
function parsePath(path: string): Step[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  let depth = 0;
  for (const c of path.trim()) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if ((c === "'" || c === '"') && depth > 0) quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '/' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  if (quote || depth !== 0) throw new PathError(`unbalanced [ ] or quotes in path [${path}]`);
  parts.push(current);
  // A leading slash (XPath style) gives an empty first part; any other empty step is a mistake.
  if (parts[0] === '') parts.shift();
  if (parts.length === 1 && parts[0] === '') return [];
  return parts.map((part) => parseStep(part, path));
}

function parseStep(part: string, path: string): Step {
  const match = stepPattern.exec(part.trim());
  const name = match?.[1]?.trim() ?? '';
  if (!match || !xmlName.test(name)) throw new PathError(`bad step [${part}] in path [${path}]`);
  const predicates = match[2] ?? '';
  const keys: [string, string][] = [];
  let consumed = '';
  for (const p of predicates.matchAll(predicatePattern)) {
    const key = p[1]!;
    if (!xmlName.test(key)) throw new PathError(`bad key [${key}] in path [${path}]`);
    keys.push([key, p[2] ?? p[3] ?? p[4] ?? '']);
    consumed += p[0];
  }
  if (consumed.replace(/\s/g, '') !== predicates.replace(/\s/g, '')) {
    throw new PathError(`bad predicate in step [${part}] of path [${path}]: write [key='value']`);
  }
  return { name, keys };
}
