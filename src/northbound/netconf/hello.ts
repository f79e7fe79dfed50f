/**
 * The hello exchange (RFC 6241 §8.1): the server's capabilities and session-id, and what the
 * client's hello tells us — which base versions it speaks, so both sides switch to chunked framing
 * (RFC 6242 §4.1) when both advertise base:1.1.
 */
import type { XmlNode } from '../../xml/parse.ts';
import { XmlWriter, xmlDeclaration } from '../../xml/writer.ts';
import { childNamed, childrenNamed, namespaces } from './xml-tree.ts';

export const escModuleRevision = '2026-11-30';
export const escModuleCapability = `http://www.cisco.com/esc/esc?module=esc&revision=${escModuleRevision}`;
const base10 = 'urn:ietf:params:netconf:base:1.0';
const base11 = 'urn:ietf:params:netconf:base:1.1';

/** Issue 11 item 1's list, plus :writable-running (edit-config targets running, RFC 6241 §8.2). */
export const serverCapabilities: readonly string[] = [
  base10,
  base11,
  'urn:ietf:params:netconf:capability:writable-running:1.0',
  'urn:ietf:params:netconf:capability:notification:1.0',
  'urn:ietf:params:netconf:capability:interleave:1.0',
  'urn:ietf:params:netconf:capability:xpath:1.0',
  'urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring?module=ietf-netconf-monitoring&revision=2010-10-04',
  'urn:ietf:params:xml:ns:netmod:notification?module=nc-notifications&revision=2008-07-14',
  escModuleCapability,
];

export function renderHello(sessionId: number): string {
  const w = new XmlWriter().start('hello', { xmlns: namespaces.base }).start('capabilities');
  for (const capability of serverCapabilities) w.leaf('capability', capability);
  return xmlDeclaration + w.end().leaf('session-id', sessionId).end().toString();
}

export type ClientHello = { framing: 'eom' | 'chunked' } | { refused: string };

/** The client's hello: it must advertise a base version we speak and must not carry a session-id. */
export function readClientHello(root: XmlNode): ClientHello {
  if (root.name !== 'hello') return { refused: `expected <hello>, got <${root.name}>` };
  if (childNamed(root, 'session-id')) return { refused: 'a client hello must not carry a session-id' };
  const capabilities = childrenNamed(childNamed(root, 'capabilities') ?? root, 'capability').map((c) => c.text.trim());
  if (capabilities.includes(base11)) return { framing: 'chunked' };
  if (capabilities.includes(base10)) return { framing: 'eom' };
  return { refused: `the client hello advertises neither ${base10} nor ${base11}` };
}
