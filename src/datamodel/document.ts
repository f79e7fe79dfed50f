/**
 * XML and its JSON mirror as one thing. ESC's JSON bodies mirror the XML tree key for key
 * (`{"esc_datamodel":{"tenants":{"tenant":[…]}}}`); a list may come as an array or, when it has one
 * item, as a bare object, and a leaf as a string, number or boolean. Turning the JSON into the same
 * `XmlNode` tree `parseXml` gives means every request parser is written once; rendering goes the
 * other way from one JSON-shaped `XmlFields` object, which the XML writer and `JSON.stringify`
 * both print. Both forms are held to the same `DocumentLimits` (depth and element count).
 */
import { errors } from '../domain/errors.ts';
import { documentCeiling, parseXml, type DocumentLimits, type XmlNode } from '../xml/parse.ts';
import { renderXmlDocument, type XmlFields } from '../xml/writer.ts';

export type Format = 'xml' | 'json';

export type { DocumentLimits };

export function parseDocument(body: string, format: Format, limits: DocumentLimits = documentCeiling): XmlNode {
  return format === 'xml' ? parseXml(body, limits) : parseJsonTree(body, limits);
}

export function renderDocument(root: string, body: XmlFields, format: Format, xmlns: string): string {
  return format === 'xml' ? renderXmlDocument(root, { xmlns }, body) : `${JSON.stringify({ [root]: body }, null, 2)}\n`;
}

/**
 * Refuses a body whose shape passes `limits` before any route reads it (issue 13). XML bodies are
 * always documents, so they are parsed as one, and the tree is returned for the route to read
 * (issue 14: a deploy's body was parsed twice); a JSON body may be any value (the settings and
 * volume routes take plain objects), so its nesting of objects and its count of values are measured.
 */
export function checkDocumentShape(body: string, format: Format, limits: DocumentLimits): XmlNode | undefined {
  if (body.trim() === '') return undefined;
  if (format === 'xml') return parseXml(body, limits);
  let left = limits.maxElements;
  const pending: [value: unknown, depth: number][] = [[parseJson(body), 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    if (Array.isArray(value)) {
      for (const item of value) pending.push([item, depth]);
      continue;
    }
    if (--left < 0) throw errors.documentTooManyElements(limits.maxElements);
    if (!isObject(value)) continue;
    if (depth > limits.maxDepth) throw errors.documentTooDeep(limits.maxDepth);
    for (const member of Object.values(value)) pending.push([member, depth + 1]);
  }
  return undefined;
}

/** JSON text as a value; malformed text is INVALID_INPUT. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw errors.jsonUnparsable(err);
  }
}

function parseJsonTree(body: string, limits: DocumentLimits): XmlNode {
  const value = parseJson(body);
  if (!isObject(value) || Object.keys(value).length !== 1) {
    throw errors.jsonNotOneRoot();
  }
  const [name, content] = Object.entries(value)[0]!;
  const roots = toNodes(name, content, name, { depth: 1, limits, budget: { left: limits.maxElements } });
  if (roots.length !== 1) throw errors.jsonRootNotOneElement(name);
  return roots[0]!;
}

interface Walk {
  /** Of the element being made; the root is 1. */
  depth: number;
  limits: DocumentLimits;
  budget: { left: number };
}

/** One JSON member becomes one element, or several when its value is an array (a list). */
function toNodes(name: string, value: unknown, path: string, walk: Walk): XmlNode[] {
  if (Array.isArray(value)) {
    if (value.some(Array.isArray)) throw errors.jsonNestedArray(path);
    return value.flatMap((item) => toNodes(name, item, path, walk));
  }
  if (walk.depth > walk.limits.maxDepth) throw errors.documentTooDeep(walk.limits.maxDepth);
  if (--walk.budget.left < 0) throw errors.documentTooManyElements(walk.limits.maxElements);
  if (isObject(value)) {
    const inner = { ...walk, depth: walk.depth + 1 };
    const children = Object.entries(value).flatMap(([child, v]) => toNodes(child, v, `${path}/${child}`, inner));
    return [{ name, children, text: '', attributes: {} }];
  }
  if (value === null) return [{ name, children: [], text: '', attributes: {} }];
  const text = String(value);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) {
    throw errors.jsonControlCharacter(path);
  }
  return [{ name, children: [], text, attributes: {} }];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
