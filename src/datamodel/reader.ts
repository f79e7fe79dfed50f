/**
 * Path-aware reading of an `XmlNode` tree. Every accessor knows where it stands
 * (`deployment/vm_group[CSR]/scaling`), so every refusal names the element it is about:
 * `deployment/vm_group[CSR]/scaling/min_active is mandatory`. All refusals are INVALID_INPUT.
 *
 * Leaves are trimmed (surrounding whitespace is XML formatting) except where `raw` is asked for
 * (inline day-0 data keeps its exact text). A list item's path carries its key leaf when present
 * (`interface[0]`, `kpi[VM_ALIVE]`), else its position (`kpi[#2]`).
 */
import { errors } from '../domain/errors.ts';
import { escEnums, textViolation, type EscEnum, type LengthKind } from '../domain/limits.ts';
import type { XmlNode } from '../xml/parse.ts';

export interface IntBounds {
  min?: number;
  max?: number;
}

export interface Reader {
  readonly path: string;
  readonly node: XmlNode;
  /** Mandatory string leaf, length-checked. */
  text(name: string, kind?: LengthKind): string;
  optText(name: string, kind?: LengthKind, options?: { raw?: boolean }): string | undefined;
  /** Every occurrence of a repeated leaf. */
  texts(name: string, kind?: LengthKind): string[];
  int(name: string, bounds?: IntBounds): number;
  optInt(name: string, bounds?: IntBounds): number | undefined;
  /** Boolean leaf (`true`/`false`); mandatory without a fallback. */
  bool(name: string, fallback?: boolean): boolean;
  /** Enumerated leaf, matched case-insensitively and returned in ESC's spelling; mandatory without a fallback. */
  oneOf(name: string, kind: EscEnum, fallback?: string): string;
  child(name: string): Reader | undefined;
  need(name: string): Reader;
  /** Items of a list: `container/item*`, or `item*` directly here when container is undefined. */
  items(container: string | undefined, item: string, key?: string): Reader[];
  fail(message: string): never;
}

export function reader(node: XmlNode, path: string): Reader {
  const fail = (message: string): never => {
    throw errors.invalidElement(path, message);
  };
  const at = (name: string) => `${path}/${name}`;
  const single = (name: string): XmlNode | undefined => {
    const found = node.children.filter((c) => c.name === name);
    if (found.length > 1) fail(`/${name} appears ${found.length} times; at most one is allowed`);
    return found[0];
  };
  const leaf = (name: string, raw = false): string | undefined => {
    const found = single(name);
    if (found === undefined) return undefined;
    if (found.children.length > 0) fail(`/${name} must be a value, not a container`);
    return raw ? found.text : found.text.trim();
  };
  const checked = (name: string, value: string, kind: LengthKind): string => {
    const problem = textViolation(value, kind);
    return problem === undefined ? value : fail(`/${name} ${problem}`);
  };
  const mandatory = (name: string): string => leaf(name) ?? fail(`/${name} is mandatory`);
  const integer = (name: string, value: string, { min, max }: IntBounds): number => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(n)) fail(`/${name} must be an integer (got '${value}')`);
    if (min !== undefined && n < min) fail(`/${name} must be at least ${min} (got ${n})`);
    if (max !== undefined && n > max) fail(`/${name} must be at most ${max} (got ${n})`);
    return n;
  };
  return {
    path,
    node,
    fail,
    text: (name, kind = 'name') => checked(name, mandatory(name), kind),
    optText: (name, kind = 'name', options = {}) => {
      const value = leaf(name, options.raw);
      return value === undefined ? undefined : checked(name, value, kind);
    },
    texts: (name, kind = 'name') =>
      node.children
        .filter((c) => c.name === name)
        .map((c, i) => checked(`${name}[#${i + 1}]`, c.text.trim(), kind)),
    int: (name, bounds = {}) => integer(name, mandatory(name), bounds),
    optInt: (name, bounds = {}) => {
      const value = leaf(name);
      return value === undefined ? undefined : integer(name, value, bounds);
    },
    bool: (name, fallback) => {
      const value = fallback === undefined ? mandatory(name) : leaf(name);
      if (value === undefined) return fallback!;
      const lower = value.toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : fail(`/${name} must be true or false (got '${value}')`);
    },
    oneOf: (name, kind, fallback) => {
      const value = fallback === undefined ? mandatory(name) : (leaf(name) ?? fallback);
      const allowed: readonly string[] = escEnums[kind];
      const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
      return match ?? fail(`/${name} must be one of ${allowed.join(', ')} (got '${value}')`);
    },
    child: (name) => {
      const found = single(name);
      return found === undefined ? undefined : reader(found, at(name));
    },
    need: (name) => reader(single(name) ?? fail(`/${name} is mandatory`), at(name)),
    items: (container, item, key) => {
      const holder = container === undefined ? node : single(container);
      const base = container === undefined ? path : at(container);
      return (holder?.children ?? [])
        .filter((c) => c.name === item)
        .map((c, i) => {
          const keyValue = key === undefined ? undefined : c.children.find((k) => k.name === key)?.text.trim();
          return reader(c, `${base}/${item}[${keyValue || `#${i + 1}`}]`);
        });
    },
  };
}

/** The single `item` child of a list that must hold exactly one (one tenant, one deployment per request). */
export function exactlyOne(r: Reader, item: string): Reader {
  const items = r.items(undefined, item);
  if (items.length !== 1) r.fail(`/${item} appears ${items.length} times; exactly one is expected`);
  return reader(items[0]!.node, `${r.path}/${item}`);
}
