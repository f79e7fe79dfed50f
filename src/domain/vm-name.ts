/**
 * Generated VM names: `<deployment>_<group>_<index>_<uuid>` (esc-interface.md §2.7), which is also
 * the server name on the VIM unless the group sets `vim_vm_name`.
 *
 * Shortening rule (ours; ESC's is unknown): the whole is kept when it fits in 255 characters.
 * Otherwise the index and the uuid stay whole (they make the name unique) and the deployment and
 * group parts share what is left: each keeps its first characters, the shorter part keeps all of
 * itself when it fits in half, and the longer part gets the rest.
 */
export const maxVmNameLength = 255;

export function generatedVmName(deployment: string, group: string, index: number, uuid: string): string {
  const tail = `_${index}_${uuid}`;
  const budget = maxVmNameLength - tail.length - 1; // one separator between deployment and group
  if (deployment.length + group.length <= budget) return `${deployment}_${group}${tail}`;
  const half = Math.floor(budget / 2);
  const [depLen, groupLen] =
    deployment.length <= half
      ? [deployment.length, budget - deployment.length]
      : group.length <= half
        ? [budget - group.length, group.length]
        : [budget - half, half];
  return `${deployment.slice(0, depLen)}_${group.slice(0, groupLen)}${tail}`;
}

/** The server name on the VIM (the group's `vim_vm_name`, indexed when the group has several VMs). */
export function vimServerName(generated: string, vimVmName: string | undefined, index: number): string {
  if (!vimVmName) return generated;
  return index === 0 ? vimVmName : `${vimVmName}_${index}`;
}
