/**
 * A minimal XML writer for the event renderers: an element tree in, indented text out.
 * Absent values (`undefined`) drop their element, so renderers state every field once and the
 * "absent fields omitted" rule (SNAP-7) lives here, not in each renderer.
 */
export interface XmlElement {
  name: string;
  attrs?: Record<string, string>;
  /** Text content, or child elements; `undefined` children are skipped. */
  content: string | (XmlElement | undefined)[];
}

/** An element with text, or `undefined` when the value is absent. */
export function leaf(name: string, value: string | number | undefined): XmlElement | undefined {
  return value === undefined ? undefined : { name, content: String(value) };
}

/** An element with children, or `undefined` when every child is absent. */
export function branch(name: string, children: (XmlElement | undefined)[]): XmlElement | undefined {
  return children.some((c) => c !== undefined) ? { name, content: children } : undefined;
}

export function writeXml(element: XmlElement, indent = ''): string {
  const attrs = Object.entries(element.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const open = `${indent}<${element.name}${attrs}`;
  if (typeof element.content === 'string') {
    return `${open}>${escapeXml(element.content)}</${element.name}>\n`;
  }
  const children = element.content.filter((c) => c !== undefined);
  if (children.length === 0) return `${open}/>\n`;
  const inner = children.map((c) => writeXml(c, `${indent}  `)).join('');
  return `${open}>\n${inner}${indent}</${element.name}>\n`;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes markup; characters XML 1.0 forbids (VIM messages may hold them) become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}
