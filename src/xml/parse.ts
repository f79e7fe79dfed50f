/**
 * The one door XML comes in through (architecture principle 6), for the datamodel today and the
 * NETCONF server later: `parseXml` refuses any DTD or entity declaration before the parser sees the
 * text (so nothing can be expanded, billion laughs included), lets fast-xml-parser's validator
 * report malformed documents with line and column, parses with entity processing off and then
 * decodes only the five predefined entities and character references itself, in one pass (an
 * unknown `&name;` is refused). The result is a plain element tree (`XmlNode`): namespace prefixes
 * dropped from names, each element's resolved namespace URI and its attributes (local names, decoded,
 * `xmlns` declarations excluded) kept beside, document order kept, repeated elements simply repeated
 * children. NETCONF needs the namespaces (filters, `xc:operation`); the datamodel ignores them.
 *
 * Nesting and element count are bounded (`DocumentLimits`): the edges pass the configured
 * `limits.xml.*`; the default is a ceiling that keeps the tree walk's recursion and memory safe.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { errors } from '../domain/errors.ts';

export interface XmlNode {
  /** Local name (prefix stripped). */
  readonly name: string;
  readonly children: readonly XmlNode[];
  /** Decoded character data directly inside this element (CDATA included), untrimmed. */
  readonly text: string;
  /** Attributes by local name (prefix stripped), values decoded; `xmlns`/`xmlns:*` declarations excluded. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The element's namespace URI, resolved from the `xmlns` declarations in scope; absent when none applies. */
  readonly namespace?: string;
}

/** Bounds on a request document's shape (issue 13): nesting depth (the root is 1) and elements in all. */
export interface DocumentLimits {
  maxDepth: number;
  maxElements: number;
}

export const documentCeiling: DocumentLimits = { maxDepth: 1000, maxElements: 1_000_000 };

/**
 * The bounds from settings (`limits.xml.depth.max`, `limits.xml.elements.max`), where 0 means no
 * bound: the ceiling, which also caps larger settings (the REST edge's shape check is the only parse
 * of a deploy body, issue 14).
 */
export function documentLimits(depth: number, elements: number): DocumentLimits {
  return {
    maxDepth: Math.min(depth || documentCeiling.maxDepth, documentCeiling.maxDepth),
    maxElements: Math.min(elements || documentCeiling.maxElements, documentCeiling.maxElements),
  };
}

const parserOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Prefixes are kept here so namespaces can be resolved; `toNode` strips them.
  removeNSPrefix: false,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
} as const;
const parsers = new Map<number, XMLParser>();

/** The parser stops runaway nesting early (it accepts one level more); `toNode` applies the exact bound. */
function parserFor(maxDepth: number): XMLParser {
  let parser = parsers.get(maxDepth);
  if (!parser) parsers.set(maxDepth, (parser = new XMLParser({ ...parserOptions, maxNestedTags: maxDepth })));
  return parser;
}

/** An element as fast-xml-parser's preserveOrder output gives it: `{ tag: children }` or `{ '#text': s }`. */
type OrderedItem = Record<string, unknown>;

export function parseXml(text: string, limits: DocumentLimits = documentCeiling): XmlNode {
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(text)) {
    throw errors.xmlDeclarationsRefused();
  }
  if (startTagsAtLeast(text, limits.maxElements + 1)) throw errors.documentTooManyElements(limits.maxElements);
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw errors.xmlInvalidAt(msg, line, col);
  }
  let items: OrderedItem[];
  try {
    items = parserFor(limits.maxDepth).parse(text) as OrderedItem[];
  } catch (err) {
    if (err instanceof Error && err.message === 'Maximum nested tags exceeded') throw errors.documentTooDeep(limits.maxDepth);
    throw errors.xmlUnparsable(err);
  }
  // The parser drops text after the root element; a document ending in anything but markup had some.
  if (items.length !== 1 || !text.trimEnd().endsWith('>')) {
    throw errors.xmlNotOneRoot();
  }
  return toNode(items[0]!, 1, { limits, left: limits.maxElements }, new Map());
}

/**
 * Whether `text` has at least `count` start tags, counted before the (costlier) validation and parse.
 * Markup inside CDATA or a comment counts too, so this over-counts only a document that carries tens
 * of thousands of tags as text: the element bound refuses it early rather than after a full parse.
 */
function startTagsAtLeast(text: string, count: number): boolean {
  const startTag = /<[^!?/]/g;
  for (let seen = 0; startTag.exec(text) !== null; ) if (++seen >= count) return true;
  return false;
}

/** Namespace prefix → URI in scope; the key '' is the default namespace. */
type Scope = ReadonlyMap<string, string>;

function toNode(item: OrderedItem, depth: number, budget: { limits: DocumentLimits; left: number }, parentScope: Scope): XmlNode {
  if (depth > budget.limits.maxDepth) throw errors.documentTooDeep(budget.limits.maxDepth);
  if (--budget.left < 0) throw errors.documentTooManyElements(budget.limits.maxElements);
  const qualified = Object.keys(item).find((key) => key !== ':@')!;
  const name = localName(qualified);
  const scope = new Map(parentScope);
  const attributes: Record<string, string> = {};
  for (const [key, raw] of Object.entries((item[':@'] ?? {}) as Record<string, unknown>)) {
    const value = decodeReferences(String(raw), name);
    if (key === 'xmlns') scope.set('', value);
    else if (key.startsWith('xmlns:')) scope.set(key.slice('xmlns:'.length), value);
    else attributes[localName(key)] = value;
  }
  const children: XmlNode[] = [];
  let text = '';
  for (const part of item[qualified] as OrderedItem[]) {
    if ('#text' in part) text += decodeReferences(String(part['#text']), name);
    else if ('#cdata' in part) text += (part['#cdata'] as OrderedItem[]).map((t) => String(t['#text'])).join('');
    else children.push(toNode(part, depth + 1, budget, scope));
  }
  const colon = qualified.indexOf(':');
  const namespace = scope.get(colon < 0 ? '' : qualified.slice(0, colon)) || undefined;
  return namespace === undefined ? { name, children, text, attributes } : { name, children, text, attributes, namespace };
}

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** One pass over `&…;` references: the five predefined entities and character references only. */
function decodeReferences(raw: string, element: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[^;\s&]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!isXmlChar(code)) throw errors.xmlCharRefInvalid(element, whole);
      return String.fromCodePoint(code);
    }
    const value = predefined[ref];
    if (value === undefined) throw errors.xmlEntityRefused(element, whole);
    return value;
  });
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 || code === 0xa || code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  );
}

