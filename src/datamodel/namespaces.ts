/** The XML namespaces of ESC's documents (esc-interface.md §2, §3.1). */
export const escNamespace = 'http://www.cisco.com/esc/esc';
/** ESC puts its REST request and answer bodies (tenants, operations, errors, snapshots) in NETCONF's base namespace. */
export const netconfBaseNamespace = 'urn:ietf:params:xml:ns:netconf:base:1.0';
