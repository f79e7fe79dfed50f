/**
 * Bodies of the service, VM and recovery operation requests (OPS-1, VMOP-1, IMPL-2):
 * `<service_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>start|stop|reboot</operation></service_operation>`,
 * `<vm_operation ...><operation>…</operation><force>true|false</force></vm_operation>` and
 * `<recovery_vm_operation ...><operation>DO</operation></recovery_vm_operation>` (the NETCONF
 * `recoveryVmAction`'s `actionType`; the REST body is our inference, docs/esc-inferences.md), or their
 * JSON forms — the mirror (`{"vm_operation":{…}}`) or the flat one ESC's 2.0 schema shows
 * (`{"operation":"start","force":false}`). The body is mandatory and the operation one of those named.
 */
import { errors, type DomainError } from '../domain/errors.ts';
import { parseDocument, type Format } from './document.ts';
import { reader, type Reader } from './reader.ts';

export const restOperations = ['start', 'stop', 'reboot'] as const;
export type RestOperation = (typeof restOperations)[number];

export const recoveryOperations = ['DO'] as const;
export type RecoveryOperation = (typeof recoveryOperations)[number];

export function parseServiceOperation(body: string, format: Format): { operation: RestOperation } {
  const root = 'service_operation';
  return { operation: operationOf(body, format, { root, allowed: restOperations, missing: () => errors.operationBodyMissing(root) }).operation };
}

export function parseVmOperation(body: string, format: Format): { operation: RestOperation; force: boolean } {
  const root = 'vm_operation';
  const { operation, r } = operationOf(body, format, { root, allowed: restOperations, missing: () => errors.operationBodyMissing(root) });
  const force = r.optText('force');
  if (force !== undefined && force !== 'true' && force !== 'false') r.fail(`/force [${force}] must be true or false`);
  return { operation, force: force === 'true' };
}

/** IMPL-2 manual recovery; the operation is read case-insensitively. */
export function parseRecoveryOperation(body: string, format: Format): { operation: RecoveryOperation } {
  const root = 'recovery_vm_operation';
  return { operation: operationOf(body, format, { root, allowed: recoveryOperations, missing: errors.recoveryBodyMissing }).operation };
}

function operationOf<Op extends string>(
  body: string,
  format: Format,
  o: { root: string; allowed: readonly Op[]; missing: () => DomainError },
): { operation: Op; r: Reader } {
  if (body.trim() === '') throw o.missing();
  const node = parseDocument(format === 'json' ? wrapFlatJson(body, o.root) : body, format);
  if (node.name !== o.root) throw errors.documentRootWrong(o.root, node.name);
  const r = reader(node, o.root);
  const given = r.text('operation').toLowerCase();
  const operation = o.allowed.find((a) => a.toLowerCase() === given);
  if (operation === undefined) return r.fail(`/operation [${given}] is not one of ${o.allowed.join(', ')}`);
  return { operation, r };
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
