/**
 * Subtree filtering (RFC 6241 §6) over data trees. A filter node is a selection node (empty: take
 * the data node whole), a content match node (a leaf with text: its parent is kept only if it has
 * that leaf with that value) or a containment node (has children: recurse). At one level, content
 * match nodes alone select their parent whole; beside selection or containment nodes they only
 * gate the parent and are themselves kept. A containment node that selects nothing keeps nothing.
 *
 * Namespaces: a filter node without one, or in NETCONF's base namespace (it inherited the `rpc`'s
 * default namespace because the client declared none), matches a data node of any namespace.
 * Several filter nodes may name the same data node (two `tenant` entries keyed differently): the
 * data node is kept if any of them keeps it, with the children any of them keeps.
 */
import type { XmlNode } from '../../xml/parse.ts';
import { namespaces } from './xml-tree.ts';

export function filterSubtree(data: readonly XmlNode[], filter: readonly XmlNode[]): XmlNode[] {
  return keptAtLevel(data, filter, undefined);
}

/** Whether a top-level filter could select this top-level data node (so a data source need not be built otherwise). */
export function filterMayName(filter: readonly XmlNode[], name: string, namespace: string): boolean {
  return filter.some((f) => f.name === name && namespaceMatches(f, namespace));
}

/** `parentNamespace`: a data node built without a namespace of its own is in its parent's. */
function keptAtLevel(data: readonly XmlNode[], filter: readonly XmlNode[], parentNamespace: string | undefined): XmlNode[] {
  const kept: XmlNode[] = [];
  for (const node of data) {
    const namespace = node.namespace ?? parentNamespace;
    const results = filter.filter((f) => names(f, node, namespace)).map((f) => apply(node, f, namespace));
    const merged = merge(node, results);
    if (merged) kept.push(merged);
  }
  return kept;
}

function names(f: XmlNode, node: XmlNode, namespace: string | undefined): boolean {
  return f.name === node.name && namespaceMatches(f, namespace);
}

function namespaceMatches(f: XmlNode, namespace: string | undefined): boolean {
  return f.namespace === undefined || f.namespace === namespaces.base || f.namespace === namespace;
}

const isContentMatch = (f: XmlNode): boolean => f.children.length === 0 && f.text.trim() !== '';

/** What filter node `f` keeps of data node `node` (which it names; `namespace` is the node's), or undefined. */
function apply(node: XmlNode, f: XmlNode, namespace: string | undefined): XmlNode | undefined {
  if (f.children.length === 0) {
    if (!isContentMatch(f)) return node;
    return node.text.trim() === f.text.trim() ? node : undefined;
  }
  const inNode = (c: XmlNode) => c.namespace ?? namespace;
  const contentMatches = f.children.filter(isContentMatch);
  for (const match of contentMatches) {
    if (!node.children.some((c) => names(match, c, inNode(c)) && c.text.trim() === match.text.trim())) return undefined;
  }
  const others = f.children.filter((c) => !isContentMatch(c));
  if (others.length === 0) return node;
  const children: XmlNode[] = [];
  for (const child of node.children) {
    if (contentMatches.some((m) => names(m, child, inNode(child)))) {
      children.push(child);
      continue;
    }
    const kept = merge(child, others.filter((o) => names(o, child, inNode(child))).map((o) => apply(child, o, inNode(child))));
    if (kept) children.push(kept);
  }
  if (children.length === 0) return undefined;
  // Only the keys left: the entry is not what was asked for (XPath gives nothing here too, and clients poll a
  // deployment's path until it is empty after an undeploy).
  const onlyKeys = children.every((c) => contentMatches.some((m) => names(m, c, inNode(c))));
  const keySelected = others.some((o) => contentMatches.some((m) => m.name === o.name));
  if (contentMatches.length > 0 && onlyKeys && !keySelected) return undefined;
  return trimmed(node, children);
}

/** Which data node each filtered copy was cut from, so several filters' copies of one node can be merged. */
const cutFrom = new WeakMap<XmlNode, XmlNode>();

function trimmed(node: XmlNode, children: XmlNode[]): XmlNode {
  const copy = { ...node, children };
  cutFrom.set(copy, node);
  return copy;
}

/** One data node as several filter nodes keep it: whole if any keeps it whole, else the union of kept children in data order. */
function merge(node: XmlNode, results: readonly (XmlNode | undefined)[]): XmlNode | undefined {
  const kept = results.filter((r): r is XmlNode => r !== undefined);
  if (kept.length <= 1) return kept[0];
  if (kept.includes(node)) return node;
  const children = node.children.flatMap((child) => {
    const copies = kept.flatMap((r) => r.children.filter((c) => (cutFrom.get(c) ?? c) === child));
    return copies.length === 0 ? [] : [copies.includes(child) ? child : copies[0]!];
  });
  return trimmed(node, children);
}
