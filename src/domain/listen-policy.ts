/**
 * Who may reach a listener without credentials anyone could guess (issue 13 item 4). A loopback
 * listener is reached only from this machine; any other address (a wildcard, an interface, a host
 * name other than `localhost`) is taken as reachable from the network. Pure: the composition root
 * asks before it listens, the REST edge asks of each client's address.
 */
import ipaddr from 'ipaddr.js';

/** Whether `host` (a literal address, IPv6 with or without brackets, or `localhost`) reaches this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  // The REST edge asks this of every client address: the usual loopback ones are answered unparsed.
  if (bare === '127.0.0.1' || bare === '::1' || bare === '::ffff:127.0.0.1' || bare.toLowerCase() === 'localhost') return true;
  if (!ipaddr.isValid(bare)) return false;
  // IPv4-mapped IPv6 (`::ffff:127.0.0.1`, how a dual-stack socket reports an IPv4 client) is judged as its IPv4.
  return ipaddr.process(bare).range() === 'loopback';
}

/**
 * Why listening on `host` would let anyone in, or undefined when it would not: a non-loopback
 * listener needs authentication on and a password other than the shipped default.
 */
export function insecureListenReason(o: { host: string; authEnabled: boolean; defaultPassword: boolean }): string | undefined {
  if (isLoopbackHost(o.host)) return undefined;
  if (!o.authEnabled) return 'authentication is off';
  if (o.defaultPassword) return 'the user still has its default password';
  return undefined;
}
