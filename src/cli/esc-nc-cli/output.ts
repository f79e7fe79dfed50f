/**
 * What `esc_nc_cli` prints (issue 11 item 7, the source's samples): the command's title line, then
 * the reply document as the server sent it behind an XML declaration; on an `rpc-error`, ESC's own
 * `<error>` form instead, `error_code` from `<error-app-tag>` (ESC's code, e.g. 404) and
 * `error_message` from `<error-message>`. A protocol error with no app tag (`lock-denied`,
 * `malformed-message`) shows its `error-tag` as the code [I]. Only the first failure is shown: ESC's
 * form holds one.
 */
import { netconfBaseNamespace } from '../../datamodel/namespaces.ts';
import { XmlWriter, xmlDeclaration } from '../../xml/writer.ts';
import type { Message } from '../netconf-client/session.ts';
import { failuresOf, type RpcError } from '../netconf-client/rpc-errors.ts';

export interface Output {
  readonly text: string;
  /** `<ok/>` or data: exit 0; an error: exit 1. */
  readonly ok: boolean;
}

/** The reply as printed below the title line. */
export function replyOutput(reply: Message): Output {
  const failure = failuresOf(reply.document)[0];
  if (failure) return { text: errorDocument(failure), ok: false };
  return { text: `${xmlDeclaration}${withoutDeclaration(reply.text)}\n`, ok: true };
}

/** A server's message without its XML declaration (if any) and surrounding blanks. */
export function withoutDeclaration(message: string): string {
  return message.replace(/^\uFEFF?\s*<\?xml[^>]*\?>/, '').trim();
}

function errorDocument(e: RpcError): string {
  return new XmlWriter()
    .declaration()
    .start('error', { xmlns: netconfBaseNamespace })
    .leaf('error_code', e.appTag || e.tag)
    .leaf('error_message', e.message ?? e.tag)
    .end()
    .toString();
}
