/**
 * The one egress rule (issue 13): which addresses the manager may connect to when it calls out on a
 * requester's behalf (REST callbacks; day-0 fetches, should they ever leave the host). An address
 * must lie in `egress.allowed.networks`; link-local networks and the cloud metadata addresses are
 * refused whatever that setting says, since a VM's orchestrator has no business there and a
 * manager's cloud credentials do. IPv4-mapped IPv6 addresses are judged as the IPv4 they carry.
 * Pure: the edges check literal addresses when a request arrives, the sender checks each resolved
 * address just before it connects to it.
 */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Refused whatever `egress.allowed.networks` says, each with the reason a refusal gives. */
const alwaysRefused: [network: string, reason: string][] = [
  ['169.254.169.254/32', 'the cloud metadata address'],
  ['fd00:ec2::254/128', 'the cloud metadata address'],
  ['169.254.0.0/16', 'link-local'],
  ['fe80::/10', 'link-local'],
  ['0.0.0.0/8', 'unspecified'],
  ['::/128', 'unspecified'],
];
const refusedNetworks = alwaysRefused.map(([cidr, reason]) => ({ network: ipaddr.parseCIDR(cidr), reason }));

/** A literal IP address (IPv6 with or without URL brackets), or undefined for a host name. */
export function literalAddress(host: string): string | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return ipaddr.isValid(bare) && (ipaddr.IPv4.isValidFourPartDecimal(bare) || ipaddr.IPv6.isValid(bare)) ? bare : undefined;
}

/**
 * Why the manager may not connect to `address` under `allowedNetworks` (the setting's value), or
 * undefined when it may. An entry that is not a CIDR network allows nothing (the settings refuse one).
 */
export function egressRefusal(address: string, allowedNetworks: string): string | undefined {
  let ip: Address;
  try {
    ip = ipaddr.process(address);
  } catch {
    return `${address} is not an IP address`;
  }
  const refused = refusedNetworks.find(({ network }) => matches(ip, network));
  if (refused) return `${address} is ${refused.reason}, always refused`;
  const allowed = parsedNetworks(allowedNetworks).some((network) => matches(ip, network));
  return allowed ? undefined : `${address} is not in the allowed networks (setting egress.allowed.networks)`;
}

function matches(ip: Address, [network, bits]: [Address, number]): boolean {
  if (ip.kind() !== network.kind()) {
    // An IPv4-mapped network written in IPv6 form still covers its IPv4 addresses.
    if (network.kind() === 'ipv6' && (network as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) return ip.match((network as ipaddr.IPv6).toIPv4Address(), bits - 96);
    return false;
  }
  return ip.match(network, bits);
}

/** The setting's value last parsed, and its networks: checked on every callback, changed rarely (issue 14). */
let parsed: { list: string; networks: [Address, number][] } | undefined;

/** The CIDR networks of `list`; an entry that is not one is left out. */
function parsedNetworks(list: string): [Address, number][] {
  if (parsed?.list !== list) parsed = { list, networks: splitList(list).filter((cidr) => ipaddr.isValidCIDR(cidr)).map((cidr) => ipaddr.parseCIDR(cidr)) };
  return parsed.networks;
}

function splitList(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
