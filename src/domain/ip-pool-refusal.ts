/**
 * What a deploy or a service update may not ask of its static IP pools (COMP-3, issue 12 "bad
 * input"), checked when the request arrives so a refusal is a 400 naming the pool and changes
 * nothing: an entry that is no address or range; two entries sharing an address (in one pool, or in
 * two groups' pools on one network: either could hand it out); an address an interface fixes with
 * `ip_address` on that network; an address a VM of another group holds on it; an address outside
 * its subnet, where the subnets are known (the deployment's ephemeral networks from the request,
 * an existing network's from the VIM, looked up by the engine). A pool keeps addresses its own
 * group's VMs hold: those are its allocations.
 */
import ipaddr from 'ipaddr.js';
import { canonicalAddress, poolSpans, spanHolds, spanOutside, spansOverlap, type Span } from './address-pool.ts';
import type { DeploymentSpec, VmGroupSpec } from './deployment-spec.ts';
import type { Vm } from './entities.ts';
import { errors, type DomainError } from './errors.ts';

/** A subnet as the pool check needs it: found by name or id, its CIDR. */
export interface KnownSubnet {
  name: string;
  id?: string;
  cidr: string;
}

/** `vm_group[g]/scaling/static_ip_address_pool[net]`: how refusals name a pool. */
export function poolName(group: string, network: string): string {
  return `vm_group[${group}]/scaling/static_ip_address_pool[${network}]`;
}

interface PoolEntry {
  group: VmGroupSpec;
  network: string;
  name: string;
  span: Span;
}

/**
 * The first refusal of `spec`'s pools, or undefined. `vms`: the deployment's VM records (none on a
 * first deploy); `vimSubnets`: existing networks' subnets by network name (a network missing there
 * is not checked: resolving it fails the operation by name).
 */
export function ipPoolRefusal(spec: DeploymentSpec, vms: readonly Vm[], vimSubnets: ReadonlyMap<string, KnownSubnet[]>): DomainError | undefined {
  const entries: PoolEntry[] = [];
  for (const group of spec.vmGroups)
    for (const pool of group.scaling.staticIpAddressPools) {
      const name = poolName(group.name, pool.network);
      const parsed = poolSpans(pool);
      if ('problem' in parsed) return errors.ipPoolInvalid(name, parsed.problem);
      const cidrs = subnetCidrs(spec, group, pool.network, vimSubnets);
      for (const span of parsed.spans) {
        const outside = cidrs && spanOutside(span, cidrs);
        if (cidrs && outside) return errors.ipPoolOutsideSubnet(name, outside, cidrs);
        entries.push({ group, network: pool.network, name, span });
      }
    }
  for (const [k, a] of entries.entries()) {
    const twice = entries.slice(k + 1).find((b) => b.network === a.network && spansOverlap(a.span, b.span));
    if (twice) return errors.ipPoolAddressUsed(a.name, twice.span.text, twice.group === a.group ? 'another entry of the pool' : `the pool of vm_group [${twice.group.name}]`);
    const fixed = fixedAddresses(spec, a.network).find((f) => spanHolds(a.span, f.address));
    if (fixed) return errors.ipPoolAddressUsed(a.name, fixed.address, fixed.user);
    const held = heldElsewhere(vms, a).find((h) => spanHolds(a.span, h.address));
    if (held) return errors.ipPoolAddressUsed(a.name, held.address, held.user);
  }
  return undefined;
}

/** Addresses interfaces of the request fix on `network` (`ip_address`). */
function fixedAddresses(spec: DeploymentSpec, network: string): { address: string; user: string }[] {
  return spec.vmGroups.flatMap((g) =>
    g.interfaces
      .filter((i) => i.network === network && i.ipAddress !== undefined)
      .map((i) => ({ address: canonicalAddress(i.ipAddress!) ?? i.ipAddress!, user: `the ip_address of vm_group [${g.name}] interface ${i.nicid}` })),
  );
}

/** Addresses VMs of other groups hold on the entry's network. */
function heldElsewhere(vms: readonly Vm[], entry: PoolEntry): { address: string; user: string }[] {
  return vms
    .filter((vm) => vm.group !== entry.group.name)
    .flatMap((vm) =>
      vm.interfaces
        .filter((i) => i.network === entry.network && i.ipAddress !== undefined)
        .map((i) => ({ address: canonicalAddress(i.ipAddress!) ?? i.ipAddress!, user: `VM [${vm.name}]` })),
    );
}

/**
 * The CIDRs a group's pool on `network` may use, or undefined when unknown: the network's subnets
 * (from the request for an ephemeral network, else from the VIM), only those the group's
 * interfaces on it name when they name one.
 */
function subnetCidrs(spec: DeploymentSpec, group: VmGroupSpec, network: string, vimSubnets: ReadonlyMap<string, KnownSubnet[]>): string[] | undefined {
  const ephemeral = spec.networks.find((n) => n.name === network);
  const known: KnownSubnet[] | undefined = ephemeral ? ephemeral.subnets.map((s) => ({ name: s.name, cidr: cidrOf(s.address, s.netmask) })) : vimSubnets.get(network);
  if (!known) return undefined;
  const named = group.interfaces.filter((i) => i.network === network && i.subnet !== undefined).map((i) => i.subnet!);
  return known.filter((s) => !named.length || named.includes(s.name) || (s.id !== undefined && named.includes(s.id))).map((s) => s.cidr);
}

/** `10.0.0.0` + `255.255.255.0` or `24` → `10.0.0.0/24` (the form `engine/deployment/networks.ts` sends to Neutron). */
export function cidrOf(address: string, netmask: string): string {
  if (/^\d+$/.test(netmask)) return `${address}/${netmask}`;
  const mask = ipaddr.isValid(netmask) ? ipaddr.parse(netmask).prefixLengthFromSubnetMask() : null;
  return `${address}/${mask ?? netmask}`;
}
