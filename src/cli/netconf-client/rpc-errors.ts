/**
 * The `<rpc-error>` elements of a reply (RFC 6241 §4.3), read into plain fields. Warnings are kept
 * apart from errors: only an error makes a request fail.
 */
import type { XmlNode } from '../../xml/parse.ts';

export interface RpcError {
  readonly type: string;
  readonly tag: string;
  readonly severity: string;
  /** ESC's own code (e.g. `404`, issue 11 item 3), when the server gave one. */
  readonly appTag: string | undefined;
  readonly message: string | undefined;
}

const textOf = (node: XmlNode, name: string): string | undefined => node.children.find((c) => c.name === name)?.text.trim();

export function rpcErrorsOf(reply: XmlNode): RpcError[] {
  return reply.children
    .filter((c) => c.name === 'rpc-error')
    .map((e) => ({
      type: textOf(e, 'error-type') ?? '',
      tag: textOf(e, 'error-tag') ?? '',
      severity: textOf(e, 'error-severity') ?? 'error',
      appTag: textOf(e, 'error-app-tag'),
      message: textOf(e, 'error-message'),
    }));
}

/** The errors that fail the request (severity `error`), in the order the server sent them. */
export function failuresOf(reply: XmlNode): RpcError[] {
  return rpcErrorsOf(reply).filter((e) => e.severity !== 'warning');
}
