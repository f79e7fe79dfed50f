/**
 * Error bodies. ESC documents one error shape, the one `esc_nc_cli` prints (seed, snapshot
 * delete; esc-interface.md §5.1):
 *   <error xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><error_code>404</error_code>
 *   <error_message>…</error_message></error>
 * The REST API mirrors it so a client parses one shape on both interfaces; the JSON form is its
 * mechanical mirror, `{"error":{"error_code":404,"error_message":"…"}}` (the code a number, as the
 * HTTP status it repeats).
 */
import { netconfBaseNamespace } from '../../datamodel/namespaces.ts';
import { renderXmlDocument } from '../../xml/writer.ts';
import type { Format } from './content.ts';


export function renderErrorBody(status: number, message: string, format: Format): string {
  const body = { error_code: status, error_message: message };
  return format === 'json' ? JSON.stringify({ error: body }) : renderXmlDocument('error', { xmlns: netconfBaseNamespace }, body);
}
