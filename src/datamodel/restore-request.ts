/**
 * The body of a one-step restore (REST-1, REST-2; ours, docs/esc-inferences.md): JSON
 * `{"snapshot":"<id or name>"}` or its mirror `{"restore_vm_operation":{"snapshot":…}}`, or XML
 * `<restore_vm_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><snapshot>…</snapshot></restore_vm_operation>`.
 */
import { errors } from '../domain/errors.ts';
import { parseDocument, type Format } from './document.ts';
import { reader } from './reader.ts';

const root = 'restore_vm_operation';

export function parseRestoreOperation(body: string, format: Format): { snapshot: string } {
  if (body.trim() === '') throw errors.restoreBodyMissing(root);
  const node = parseDocument(format === 'json' ? wrapFlatJson(body) : body, format);
  if (node.name !== root) throw errors.documentRootWrong(root, node.name);
  return { snapshot: reader(node, root).text('snapshot', 'description') };
}

/** `{"snapshot":…}` → `{"restore_vm_operation":{"snapshot":…}}`; anything else is left to the mirror parser. */
function wrapFlatJson(body: string): string {
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value) && 'snapshot' in value) return JSON.stringify({ [root]: value });
  } catch {
    // malformed: the mirror parser reports it
  }
  return body;
}
