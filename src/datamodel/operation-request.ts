/**
 * Bodies of the service and VM operation requests (OPS-1, VMOP-1):
 * `<service_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>start|stop|reboot</operation></service_operation>`
 * and `<vm_operation ...><operation>…</operation><force>true|false</force></vm_operation>`, or their
 * JSON forms — the mirror (`{"vm_operation":{…}}`) or the flat one ESC's 2.0 schema shows
 * (`{"operation":"start","force":false}`). The body is mandatory and the operation one of three.
 */
import { errors } from '../domain/errors.ts';
import { parseDocument, type Format } from './document.ts';
import { reader } from './reader.ts';

export const restOperations = ['start', 'stop', 'reboot'] as const;
export type RestOperation = (typeof restOperations)[number];

export function parseServiceOperation(body: string, format: Format): { operation: RestOperation } {
  return { operation: operationOf(body, format, 'service_operation').operation };
}

export function parseVmOperation(body: string, format: Format): { operation: RestOperation; force: boolean } {
  return operationOf(body, format, 'vm_operation');
}

function operationOf(body: string, format: Format, root: string): { operation: RestOperation; force: boolean } {
  if (body.trim() === '') throw errors.operationBodyMissing(root);
  const node = parseDocument(format === 'json' ? wrapFlatJson(body, root) : body, format);
  if (node.name !== root) throw errors.documentRootWrong(root, node.name);
  const r = reader(node, root);
  const operation = r.text('operation').toLowerCase();
  if (!(restOperations as readonly string[]).includes(operation))
    r.fail(`/operation [${operation}] is not one of ${restOperations.join(', ')}`);
  const force = r.optText('force');
  if (force !== undefined && force !== 'true' && force !== 'false') r.fail(`/force [${force}] must be true or false`);
  return { operation: operation as RestOperation, force: force === 'true' };
}

/** `{"operation":…}` → `{"<root>":{"operation":…}}`; anything else is left to the mirror parser. */
function wrapFlatJson(body: string, root: string): string {
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value) && 'operation' in value) return JSON.stringify({ [root]: value });
  } catch {
    // malformed: the mirror parser reports it
  }
  return body;
}
