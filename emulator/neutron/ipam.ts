/**
 * IPv4 address management for subnets: default allocation pool (cidr minus network, gateway and
 * broadcast) and first-free allocation, as Neutron's default IPAM driver does within its pools.
 */
import { badRequest, conflict } from '../http/types.ts';

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw badRequest(`Invalid input for operation: '${ip}' is not a valid IP address.`, 'InvalidInput');
  }
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseCidr(cidr: string): { base: number; size: number } {
  const [addr, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!addr || !Number.isInteger(bits) || bits < 8 || bits > 32) {
    throw badRequest(`Invalid input for cidr. Reason: '${cidr}' is not a valid IP subnet.`, 'InvalidInput');
  }
  const size = 2 ** (32 - bits);
  return { base: Math.floor(ipToInt(addr) / size) * size, size };
}

export function inCidr(ip: string, cidr: string): boolean {
  const { base, size } = parseCidr(cidr);
  const n = ipToInt(ip);
  return n >= base && n < base + size;
}

export function defaultGateway(cidr: string): string {
  return intToIp(parseCidr(cidr).base + 1);
}

export function defaultPools(cidr: string, gateway: string | null): { start: string; end: string }[] {
  const { base, size } = parseCidr(cidr);
  const first = base + 1;
  const last = base + size - 2;
  const gw = gateway ? ipToInt(gateway) : -1;
  if (gw === first) return [{ start: intToIp(first + 1), end: intToIp(last) }];
  if (gw === last) return [{ start: intToIp(first), end: intToIp(last - 1) }];
  if (gw > first && gw < last) {
    return [
      { start: intToIp(first), end: intToIp(gw - 1) },
      { start: intToIp(gw + 1), end: intToIp(last) },
    ];
  }
  return [{ start: intToIp(first), end: intToIp(last) }];
}

/** First address of the pools not in `used`; 409 IpAddressGenerationFailure when full. */
export function allocateIp(pools: { start: string; end: string }[], used: Set<string>, networkId: string): string {
  for (const pool of pools) {
    for (let n = ipToInt(pool.start); n <= ipToInt(pool.end); n++) {
      const ip = intToIp(n);
      if (!used.has(ip)) return ip;
    }
  }
  throw conflict(`No more IP addresses available on network ${networkId}.`, 'IpAddressGenerationFailure');
}
