/**
 * Day-0 configuration (esc-interface.md §6.6): each `config_data/configuration` becomes a file on
 * the VM's config drive, named by `dst`, its `$NAME` / `${NAME}` tokens replaced. A variable with
 * several values is a pool: VM index i takes value i (modulo the pool). Built-in variables name the
 * VM and its interfaces (`VM_NAME`, `NICID_<n>_IP_ADDRESS`, `NICID_<n>_MAC_ADDRESS`, ...).
 * Templates come inline (`data`) or from a `file://` path below the day-0 folder (`day0-file.ts`).
 */
import type { ConfigurationSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import type { Day0Files } from '../deployment/day0-files.ts';
import { readDay0File } from './day0-file.ts';

export async function renderDay0(configs: ConfigurationSpec[], vm: Vm, files: Day0Files): Promise<{ path: string; contents: string }[]> {
  return Promise.all(
    configs.map(async (c) => ({ path: c.dst, contents: substitute(await day0Template(c, vm.group, files), variablesFor(c, vm)) })),
  );
}

/** A configuration's template text: inline, or read from a `file://` template under the day-0 rule. */
export async function day0Template(c: ConfigurationSpec, group: string, files: Day0Files): Promise<string> {
  if (c.data !== undefined) return c.data;
  if (c.file !== undefined) return readDay0File(`vm_group[${group}]/config_data/configuration[${c.dst}]/file`, c.file, files);
  throw errors.day0WithoutSource(c.dst);
}

function variablesFor(c: ConfigurationSpec, vm: Vm): Map<string, string> {
  const vars = new Map<string, string>([['VM_NAME', vm.vimName], ['GENERATED_VM_NAME', vm.name]]);
  for (const i of vm.interfaces) {
    if (i.ipAddress) vars.set(`NICID_${i.nicid}_IP_ADDRESS`, i.ipAddress);
    if (i.macAddress) vars.set(`NICID_${i.nicid}_MAC_ADDRESS`, i.macAddress);
    if (i.netmask) vars.set(`NICID_${i.nicid}_NETMASK`, i.netmask);
    if (i.gateway) vars.set(`NICID_${i.nicid}_GATEWAY`, i.gateway);
  }
  for (const v of c.variables) if (v.values.length) vars.set(v.name, v.values[vm.index % v.values.length]!);
  return vars;
}

export function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
    const value = vars.get((braced ?? bare)!);
    return value ?? whole;
  });
}
