/**
 * Day-0 configuration (esc-interface.md §6.6): each `config_data/configuration` becomes a file on
 * the VM's config drive, named by `dst`, its `$NAME` / `${NAME}` tokens replaced. Templates come
 * inline (`data`), from a `file://` path below the day-0 folder (`day0-file.ts`), or from an
 * http(s) URL through the day-0 fetch port (issue 12 item 7; a failure fails the VM's build,
 * naming the URL and the reason).
 *
 * Variables [I]: the built-in ones name the VM, its deployment and each interface (`builtIns`);
 * a variable given one value is that constant for every VM; one given several is a pool, of which
 * the VM record holds its own value (`domain/vm-records.ts`: one VM at a time). The request's
 * variables come last, so they override a built-in of the same name.
 */
import { cidrParts, netmaskOf } from '../../domain/address-pool.ts';
import type { ConfigurationSpec } from '../../domain/deployment-spec.ts';
import { egressRefusal, literalAddress } from '../../domain/egress.ts';
import type { Vm } from '../../domain/entities.ts';
import { errors, messageOf } from '../../domain/errors.ts';
import type { Day0Files, Day0Sources } from '../deployment/day0-files.ts';
import type { Target } from '../deployment/target.ts';
import { readDay0File } from './day0-file.ts';

export interface Day0Context {
  deployment: string;
  tenant: string;
  /** Each interface's subnet (by nicid), for `NICID_<n>_CIDR_*`, `_NETMASK` and `_GATEWAY`. */
  subnets: Record<number, { cidr: string; gatewayIp?: string }>;
  sources: Day0Sources;
  signal?: AbortSignal;
}

/** The context a VM of `t` renders in; its interfaces' subnets are looked up (a VM without day-0 data costs no call). */
export async function day0ContextOf(t: Target, vm: Vm, signal: AbortSignal): Promise<Day0Context> {
  const subnets: Day0Context['subnets'] = {};
  for (const i of vm.interfaces) {
    const subnet = i.subnetId === undefined ? undefined : await t.vim.findSubnet(t.scope, i.subnetId, i.networkId);
    if (subnet) subnets[i.nicid] = subnet;
  }
  return { deployment: t.deployment.name, tenant: t.tenant.name, subnets, sources: t.day0, signal };
}

export async function renderDay0(configs: ConfigurationSpec[], vm: Vm, o: Day0Context): Promise<{ path: string; contents: string }[]> {
  const builtIn = builtIns(vm, o);
  return Promise.all(
    configs.map(async (c) => ({ path: c.dst, contents: substitute(await day0Template(c, vm.group, o), variablesFor(c, vm, builtIn)) })),
  );
}

/** A configuration's template text: inline, read from a `file://` template under the day-0 rule, or fetched over http(s). */
async function day0Template(c: ConfigurationSpec, group: string, o: Day0Context): Promise<string> {
  if (c.file === undefined || !isHttpUrl(c.file)) return checkDay0Template(c, group, o.sources);
  const url = c.file;
  return o.sources.fetch(url, { maxBytes: o.sources.maxBytes, timeoutMs: o.sources.fetchTimeoutMs, signal: o.signal }).catch((err: unknown) => {
    if (o.signal?.aborted) throw err;
    throw errors.day0FetchFailed(fileElement(group, c.dst), url, messageOf(err));
  });
}

/**
 * At accept time (and for the build, of inline and `file://` templates): the template's text, or
 * the refusal naming the element. An http(s) URL is only fetched when the VM is built, so here it
 * is only checked as the callback headers are (issue 13): a URL, and a literal address the egress
 * rule allows (a host name is judged when it is resolved); its text is '' here.
 */
export async function checkDay0Template(c: ConfigurationSpec, group: string, files: Day0Files): Promise<string> {
  if (c.data !== undefined) return c.data;
  if (c.file === undefined) throw errors.day0WithoutSource(c.dst);
  if (!isHttpUrl(c.file)) return readDay0File(fileElement(group, c.dst), c.file, files);
  const url = URL.parse(c.file);
  const address = url && literalAddress(url.hostname);
  const refusal = !url ? 'not a valid URL' : address && egressRefusal(address, files.allowedNetworks);
  if (refusal) throw errors.day0UrlRefused(fileElement(group, c.dst), c.file, refusal);
  return '';
}

function isHttpUrl(file: string): boolean {
  return /^https?:\/\//i.test(file);
}

function fileElement(group: string, dst: string): string {
  return `vm_group[${group}]/config_data/configuration[${dst}]/file`;
}

/** `VM_NAME`, `GENERATED_VM_NAME`, `DEP_NAME`, `TENANT`, `VM_GROUP` and per interface `NICID_<n>_*`, where known. */
function builtIns(vm: Vm, o: Day0Context): Map<string, string> {
  const vars = new Map<string, string>([
    ['VM_NAME', vm.vimName],
    ['GENERATED_VM_NAME', vm.name],
    ['DEP_NAME', o.deployment],
    ['TENANT', o.tenant],
    ['VM_GROUP', vm.group],
  ]);
  for (const i of vm.interfaces) {
    const subnet = o.subnets[i.nicid];
    const cidr = subnet && cidrParts(subnet.cidr);
    const nic: [string, string | undefined][] = [
      ['IP_ADDRESS', i.ipAddress],
      ['MAC_ADDRESS', i.macAddress],
      // A static IP pool's own netmask and gateway (on the record) come before the subnet's.
      ['NETMASK', i.netmask ?? (subnet && netmaskOf(subnet.cidr))],
      ['GATEWAY', i.gateway ?? subnet?.gatewayIp],
      ['CIDR_ADDRESS', cidr?.address],
      ['CIDR_PREFIX', cidr && String(cidr.prefix)],
      ['NETWORK_ID', i.networkId],
      ['PORT_ID', i.portId],
    ];
    for (const [name, value] of nic) if (value !== undefined) vars.set(`NICID_${i.nicid}_${name}`, value);
  }
  return vars;
}

function variablesFor(c: ConfigurationSpec, vm: Vm, builtIn: Map<string, string>): Map<string, string> {
  const vars = new Map(builtIn);
  for (const v of c.variables) {
    const held = vm.day0Values?.find((h) => h.dst === c.dst && h.variable === v.name)?.value;
    const value = held ?? (new Set(v.values).size === 1 ? v.values[0] : undefined);
    if (value !== undefined) vars.set(v.name, value);
  }
  return vars;
}

export function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
    const value = vars.get((braced ?? bare)!);
    return value ?? whole;
  });
}
