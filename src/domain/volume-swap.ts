/**
 * Which volumes a service update swaps (REST-2, REST-3): in a group present before and after, a
 * volume the update takes away and an external volume (`external_volume_id`) it puts at the same
 * boot slot are one swap — the external volume takes the old one's place on each VM of the group.
 * The boot slot is `boot_index`, a bootable volume without one being 0 (as the server is built);
 * a non-bootable volume without one has no slot, and those pair among themselves. A slot with more
 * than one volume leaving or arriving is no swap (which one replaces which would be a guess).
 * A swap at slot 0 replaces the boot volume.
 */
import type { DeploymentSpec, VolumeSpec } from './deployment-spec.ts';

export interface VolumeSwap {
  group: string;
  /** The volume the update takes away. */
  from: string;
  /** The external volume in its place, by name in the new group. */
  to: string;
  externalVolumeId: string;
  boot: boolean;
}

export function volumeSwaps(previous: DeploymentSpec, next: DeploymentSpec): VolumeSwap[] {
  const before = new Map(previous.vmGroups.map((g) => [g.name, g.volumes]));
  return next.vmGroups.flatMap((g) => {
    const old = before.get(g.name);
    if (!old) return [];
    const leaving = old.filter((v) => !g.volumes.some((n) => sameVolume(n, v)));
    const arriving = g.volumes.filter((v) => v.externalVolumeId && !old.some((o) => sameVolume(o, v)));
    return arriving.flatMap((to) => {
      const from = leaving.filter((v) => slotOf(v) === slotOf(to));
      if (from.length !== 1 || arriving.filter((v) => slotOf(v) === slotOf(to)).length !== 1) return [];
      return [{ group: g.name, from: from[0]!.name, to: to.name, externalVolumeId: to.externalVolumeId!, boot: slotOf(to) === 0 }];
    });
  });
}

function sameVolume(a: VolumeSpec, b: VolumeSpec): boolean {
  return a.name === b.name && a.externalVolumeId === b.externalVolumeId;
}

/** The boot slot a volume takes: its `boot_index`, or 0 for a bootable volume that names none. */
export function slotOf(v: VolumeSpec): number | undefined {
  return v.bootIndex ?? (v.bootable ? 0 : undefined);
}
