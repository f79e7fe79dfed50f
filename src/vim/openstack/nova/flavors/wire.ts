/** Nova flavor on the wire (openstack-api.md §2.2) → `VimFlavor`. */
import type { VimFlavor } from '../../../driver.ts';

export interface WireFlavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
}

export function toVimFlavor(w: WireFlavor): VimFlavor {
  return { id: w.id, name: w.name, vcpus: w.vcpus, ramMb: w.ram, diskGb: w.disk };
}
