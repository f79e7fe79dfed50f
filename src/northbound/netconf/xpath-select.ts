/**
 * The XPath `select` of a `type="xpath"` filter (capability :xpath:1.0), in the forms clients use on
 * `esc_datamodel` (esc-interface.md §2.1, S4): an absolute location path of element names, each step
 * optionally prefixed and keyed by `[leaf='value']` predicates, e.g.
 * `/esc_datamodel/opdata/tenants/tenant[name='t']/deployments[deployment_name='d']/state_machine/state`.
 * Such a path means the same as a subtree filter — each predicate a content match node, the last
 * step a selection node — so it is turned into one and one filter engine serves both. Any other
 * XPath is refused with invalid-value, naming the supported form.
 */
import type { XmlNode } from '../../xml/parse.ts';
import { protocolErrors } from './rpc-error.ts';
import { element, leafNode } from './xml-tree.ts';

const name = String.raw`(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)`;
const predicate = String.raw`\[\s*${name}\s*=\s*(?:'([^']*)'|"([^"]*)")\s*\]`;
const step = new RegExp(String.raw`^/${name}((?:${predicate})*)`);
const onePredicate = new RegExp(predicate, 'g');

export function xpathToSubtree(select: string): XmlNode[] {
  let rest = select.trim();
  const steps: { name: string; keys: XmlNode[] }[] = [];
  while (rest !== '') {
    const match = step.exec(rest);
    if (!match) throw protocolErrors.invalidValue(unsupported(select));
    const keys = [...match[2]!.matchAll(onePredicate)].map((p) => leafNode(p[1]!, p[2] ?? p[3]!));
    steps.push({ name: match[1]!, keys });
    rest = rest.slice(match[0].length);
  }
  if (steps.length === 0) throw protocolErrors.invalidValue(unsupported(select));
  let inner: XmlNode | undefined;
  for (const { name: stepName, keys } of steps.reverse()) inner = element(stepName, inner ? [...keys, inner] : keys);
  return [inner!];
}

function unsupported(select: string): string {
  return `XPath select [${select}] is not supported: use an absolute path of element names with [leaf='value'] predicates`;
}
