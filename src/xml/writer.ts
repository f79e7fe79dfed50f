/**
 * The one XML writer. It appends each line to one string (V8 keeps the appends as a rope and
 * flattens it once, when the text is used), so a document of any size costs one pass and no list
 * is ever spread into a call (a 100,000-VM opdata document is about two million appends, not two
 * million arguments). Output: 2-space indentation, one element a line, an element with no content
 * as `<name/>`, every text and attribute value through `escape.ts`.
 *
 * Two ways in, which mix freely:
 *  - element by element: `start(name, attrs)` … `end()`, `leaf(name, value)`;
 *  - a JSON-shaped tree (`XmlFields`): `members(fields)` writes each member as an element, an array
 *    as the element repeated, an object as an element holding its members; `undefined` is absent
 *    and writes nothing. The datamodel renders its JSON mirror from the same object.
 */
import { escapeAttribute, escapeXml } from './escape.ts';

export type XmlLeaf = string | number | boolean;
export type XmlValue = XmlLeaf | XmlFields | readonly XmlValue[] | undefined;
export interface XmlFields {
  readonly [name: string]: XmlValue;
}
export type XmlAttributes = Readonly<Record<string, string>>;

export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Indentation by depth, made once per depth. */
const indents: string[] = [];

export class XmlWriter {
  #out = '';
  /** Names of the open elements, innermost last. */
  readonly #open: string[] = [];
  /** The innermost start tag while nothing is written inside it: it ends in `>` or, if nothing comes, `/>`. */
  #pendingStart: string | undefined;

  declaration(): this {
    this.#out += xmlDeclaration;
    return this;
  }

  start(name: string, attrs: XmlAttributes = {}): this {
    this.#closeStartTag();
    let tag = `${this.#indent()}<${name}`;
    for (const [key, value] of Object.entries(attrs)) tag += ` ${key}="${escapeAttribute(value)}"`;
    this.#open.push(name);
    this.#pendingStart = tag;
    return this;
  }

  end(): this {
    const name = this.#open.pop();
    if (name === undefined) throw new Error('XmlWriter.end: no element is open');
    if (this.#pendingStart === undefined) this.#out += `${this.#indent()}</${name}>\n`;
    else this.#out += `${this.#pendingStart}/>\n`;
    this.#pendingStart = undefined;
    return this;
  }

  /** `<name>value</name>`; nothing when the value is absent. */
  leaf(name: string, value: XmlLeaf | undefined, attrs: XmlAttributes = {}): this {
    if (value === undefined) return this;
    this.#closeStartTag();
    let tag = `${this.#indent()}<${name}`;
    for (const [key, attr] of Object.entries(attrs)) tag += ` ${key}="${escapeAttribute(attr)}"`;
    this.#out += `${tag}>${escapeXml(String(value))}</${name}>\n`;
    return this;
  }

  /** One member of a tree: repeated for an array, an element of members for an object, else a leaf. */
  value(name: string, value: XmlValue): this {
    if (Array.isArray(value)) {
      for (const item of value as readonly XmlValue[]) this.value(name, item);
    } else if (typeof value === 'object') {
      this.start(name).members(value as XmlFields).end();
    } else {
      this.leaf(name, value);
    }
    return this;
  }

  /** Each member in order (`for…in`: no entries array per object; trees are plain objects). */
  members(fields: XmlFields): this {
    for (const name in fields) this.value(name, fields[name]);
    return this;
  }

  /** The text written so far; every element must be closed. */
  toString(): string {
    if (this.#open.length > 0) throw new Error(`XmlWriter: <${this.#open.at(-1)}> is still open`);
    return this.#out;
  }

  #closeStartTag(): void {
    if (this.#pendingStart === undefined) return;
    this.#out += `${this.#pendingStart}>\n`;
    this.#pendingStart = undefined;
  }

  #indent(): string {
    return indents[this.#open.length] ??= '  '.repeat(this.#open.length);
  }
}

/** A whole document: the declaration, then `root` (with `attrs`) holding `body`'s members. */
export function renderXmlDocument(root: string, attrs: XmlAttributes, body: XmlFields): string {
  return new XmlWriter().declaration().start(root, attrs).members(body).end().toString();
}
