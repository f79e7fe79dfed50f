/**
 * Error bodies. ESC documents one error shape, the one `esc_nc_cli` prints (seed, snapshot
 * delete; esc-interface.md §5.1):
 *   <error xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><error_code>404</error_code>
 *   <error_message>…</error_message></error>
 * The REST API mirrors it so a client parses one shape on both interfaces; the JSON form is its
 * mechanical mirror, `{"error":{"error_code":404,"error_message":"…"}}` (the code a number, as the
 * HTTP status it repeats).
 */
import { leaf, writeXml } from '../../events/renderers/xml-tree.ts';
import type { Format } from './content.ts';

const netconfBase = 'urn:ietf:params:xml:ns:netconf:base:1.0';

export function renderErrorBody(status: number, message: string, format: Format): string {
  if (format === 'json') return JSON.stringify({ error: { error_code: status, error_message: message } });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    writeXml({ name: 'error', attrs: { xmlns: netconfBase }, content: [leaf('error_code', status), leaf('error_message', message)] })
  );
}
