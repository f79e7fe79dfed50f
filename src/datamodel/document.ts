/**
 * XML and its JSON mirror as one thing. ESC's JSON bodies mirror the XML tree key for key
 * (`{"esc_datamodel":{"tenants":{"tenant":[…]}}}`); a list may come as an array or, when it has one
 * item, as a bare object, and a leaf as a string, number or boolean. Turning the JSON into the same
 * `XmlNode` tree `parseXml` gives means every request parser is written once; rendering goes the
 * other way from one JSON-shaped `XmlFields` object, which the XML writer and `JSON.stringify`
 * both print.
 */
import { errors } from '../domain/errors.ts';
import { parseXml, type XmlNode } from '../xml/parse.ts';
import { renderXmlDocument, type XmlFields } from '../xml/writer.ts';

export type Format = 'xml' | 'json';

export function parseDocument(body: string, format: Format): XmlNode {
  return format === 'xml' ? parseXml(body) : parseJsonTree(body);
}

export function renderDocument(root: string, body: XmlFields, format: Format, xmlns: string): string {
  return format === 'xml' ? renderXmlDocument(root, { xmlns }, body) : `${JSON.stringify({ [root]: body }, null, 2)}\n`;
}

/** JSON text as a value; malformed text is INVALID_INPUT. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw errors.jsonUnparsable(err);
  }
}

function parseJsonTree(body: string): XmlNode {
  const value = parseJson(body);
  if (!isObject(value) || Object.keys(value).length !== 1) {
    throw errors.jsonNotOneRoot();
  }
  const [name, content] = Object.entries(value)[0]!;
  const roots = toNodes(name, content, name);
  if (roots.length !== 1) throw errors.jsonRootNotOneElement(name);
  return roots[0]!;
}

/** One JSON member becomes one element, or several when its value is an array (a list). */
function toNodes(name: string, value: unknown, path: string): XmlNode[] {
  if (Array.isArray(value)) {
    if (value.some(Array.isArray)) throw errors.jsonNestedArray(path);
    return value.flatMap((item) => toNodes(name, item, path));
  }
  if (isObject(value)) {
    const children = Object.entries(value).flatMap(([child, v]) => toNodes(child, v, `${path}/${child}`));
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
