/**
 * The NETCONF edge works on `XmlNode` trees (what `parseXml` gives): requests come in as trees,
 * data is assembled and filtered as trees, and a tree is written back through the one XML writer.
 * A namespace is declared where it changes from the parent's, as a default `xmlns`.
 */
import type { XmlNode } from '../../xml/parse.ts';
import type { XmlWriter } from '../../xml/writer.ts';

export const namespaces = {
  base: 'urn:ietf:params:xml:ns:netconf:base:1.0',
  monitoring: 'urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring',
  notification: 'urn:ietf:params:xml:ns:netconf:notification:1.0',
} as const;

export function element(name: string, children: readonly XmlNode[] = [], opts: { text?: string; namespace?: string } = {}): XmlNode {
  const node = { name, children, text: opts.text ?? '', attributes: {} };
  return opts.namespace === undefined ? node : { ...node, namespace: opts.namespace };
}

export function leafNode(name: string, value: string): XmlNode {
  return element(name, [], { text: value });
}

/** The children named `name`. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

export function childNamed(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** A leaf's value, trimmed (surrounding whitespace is formatting); undefined when absent. */
export function leafText(node: XmlNode, name: string): string | undefined {
  return childNamed(node, name)?.text.trim();
}

/** `node` and everything under it; a leaf is written with its text, a container with its children. */
export function writeNode(w: XmlWriter, node: XmlNode, parentNamespace?: string): void {
  const attrs: Record<string, string> = node.namespace !== undefined && node.namespace !== parentNamespace ? { xmlns: node.namespace } : {};
  const namespace = node.namespace ?? parentNamespace;
  if (node.children.length === 0) {
    if (node.text === '') w.start(node.name, attrs).end();
    else w.leaf(node.name, node.text, attrs);
    return;
  }
  w.start(node.name, attrs);
  for (const child of node.children) writeNode(w, child, namespace);
  w.end();
}

