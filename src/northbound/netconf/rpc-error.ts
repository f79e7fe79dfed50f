/**
 * `rpc-error` (RFC 6241 §4.3) at the NETCONF edge. Two kinds of refusal reach a client:
 *  - a `DomainError` from the engine or the datamodel parsers, mapped by its code with the
 *    `Record<ErrorCode, …>` below (a new code is a type error here), the ESC code (HTTP-like, as REST
 *    answers it) in `error-app-tag` (issue 11 item 3);
 *  - a protocol refusal only NETCONF has (unknown operation, lock denied, missing element, …), built
 *    by `protocolErrors` with its own tag.
 * Both render the same way; anything else thrown is an internal error whose text is passed on.
 */
import { isDomainError, messageOf, type ErrorCode } from '../../domain/errors.ts';
import { XmlWriter } from '../../xml/writer.ts';

export type ErrorType = 'transport' | 'rpc' | 'protocol' | 'application';

export interface RpcErrorFields {
  type: ErrorType;
  tag: string;
  /** The ESC code, as REST would answer with it (`404`, `409`, `400`). */
  appTag: string;
  message: string;
  /** `error-info` children, e.g. `{ 'bad-element': 'vmName' }` or `{ 'session-id': '3' }`. */
  info?: Readonly<Record<string, string>>;
}

/**
 * Issue 11 item 3: 404 → application/data-missing, 409 → application/in-use, 400 →
 * protocol/invalid-value. ALREADY_EXISTS says more than "in use": RFC 6241's data-exists is that
 * exact refusal (what `create` on an existing deployment gets), still with ESC's 409.
 */
export const netconfErrorOf: Record<ErrorCode, { type: ErrorType; tag: string; appTag: string }> = {
  INVALID_INPUT: { type: 'protocol', tag: 'invalid-value', appTag: '400' },
  NOT_FOUND: { type: 'application', tag: 'data-missing', appTag: '404' },
  ALREADY_EXISTS: { type: 'application', tag: 'data-exists', appTag: '409' },
  AMBIGUOUS_NAME: { type: 'application', tag: 'in-use', appTag: '409' },
  REFUSED_IN_STATE: { type: 'application', tag: 'in-use', appTag: '409' },
  CONFLICT: { type: 'application', tag: 'in-use', appTag: '409' },
  PAYLOAD_TOO_LARGE: { type: 'rpc', tag: 'too-big', appTag: '413' },
  UNAUTHORIZED: { type: 'protocol', tag: 'access-denied', appTag: '401' },
  VIM_FAILED: { type: 'application', tag: 'operation-failed', appTag: '502' },
  TIMEOUT: { type: 'application', tag: 'operation-failed', appTag: '504' },
  MAINTENANCE: { type: 'application', tag: 'resource-denied', appTag: '503' },
  RATE_LIMITED: { type: 'application', tag: 'resource-denied', appTag: '429' },
  SHUTTING_DOWN: { type: 'application', tag: 'resource-denied', appTag: '503' },
  INTERNAL: { type: 'application', tag: 'operation-failed', appTag: '500' },
};

/** A refusal of the NETCONF protocol itself; thrown by the session's operations, rendered like a domain error. */
export class ProtocolError extends Error {
  readonly fields: RpcErrorFields;
  constructor(fields: RpcErrorFields) {
    super(fields.message);
    this.name = 'ProtocolError';
    this.fields = fields;
  }
}

const protocol = (tag: string, appTag: string, message: string, info?: Record<string, string>, type: ErrorType = 'protocol') =>
  new ProtocolError({ type, tag, appTag, message, ...(info && { info }) });

/** Every protocol refusal, once (the NETCONF counterpart of the domain's catalogue). */
export const protocolErrors = {
  operationNotSupported: (operation: string) => protocol('operation-not-supported', '400', `operation [${operation}] is not supported`, { 'bad-element': operation }),
  unknownElement: (element: string, where: string) => protocol('unknown-element', '400', `unknown element [${element}] in ${where}`, { 'bad-element': element }, 'application'),
  missingElement: (element: string, where: string) => protocol('missing-element', '400', `${where}/${element} is mandatory`, { 'bad-element': element }),
  badElement: (element: string, problem: string) => protocol('bad-element', '400', `[${element}] ${problem}`, { 'bad-element': element }),
  invalidValue: (message: string) => protocol('invalid-value', '400', message),
  missingMessageId: () => protocol('missing-attribute', '400', 'the rpc element has no message-id attribute', { 'bad-attribute': 'message-id', 'bad-element': 'rpc' }, 'rpc'),
  notAnRpc: (element: string) => protocol('unknown-element', '400', `expected an <rpc> element, got <${element}>`, { 'bad-element': element }, 'rpc'),
  malformedMessage: (problem: string) => protocol('malformed-message', '400', problem, undefined, 'rpc'),
  lockDenied: (holder: number) => protocol('lock-denied', '409', `the running datastore is locked by session ${holder}`, { 'session-id': String(holder) }),
  lockNotHeld: (holder: number | undefined) =>
    protocol('operation-failed', '409', holder === undefined ? 'the running datastore is not locked' : `the running datastore is locked by session ${holder}, not this one`, undefined),
  datastoreUnsupported: (datastore: string) => protocol('invalid-value', '400', `datastore [${datastore}] is not supported: only running exists`),
  dataExists: (what: string) => protocol('data-exists', '409', `${what} already exists`, undefined, 'application'),
  dataMissing: (what: string) => protocol('data-missing', '404', `${what} does not exist`, undefined, 'application'),
  killOwnSession: () => protocol('invalid-value', '400', 'kill-session cannot kill the session it is sent on: use close-session'),
  noSuchSession: (id: string) => protocol('invalid-value', '404', `no session [${id}]`),
  schemaMissing: (identifier: string, version: string | undefined) =>
    protocol('invalid-value', '404', `no schema [${identifier}${version ? `@${version}` : ''}] is available`),
  subscriptionExists: () => protocol('operation-failed', '409', 'this session already has a subscription (RFC 5277: one per session)', undefined, 'application'),
} satisfies Record<string, (...args: never[]) => ProtocolError>;

export function rpcErrorFieldsOf(err: unknown): RpcErrorFields {
  if (err instanceof ProtocolError) return err.fields;
  if (isDomainError(err)) return { ...netconfErrorOf[err.code], message: err.message };
  return { ...netconfErrorOf.INTERNAL, message: messageOf(err) };
}

/** The `<rpc-error>` element, written into a reply. */
export function writeRpcError(w: XmlWriter, fields: RpcErrorFields): XmlWriter {
  w.start('rpc-error').leaf('error-type', fields.type).leaf('error-tag', fields.tag).leaf('error-severity', 'error').leaf('error-app-tag', fields.appTag);
  w.leaf('error-message', fields.message);
  if (fields.info) {
    w.start('error-info');
    for (const [name, value] of Object.entries(fields.info)) w.leaf(name, value);
    w.end();
  }
  return w.end();
}
