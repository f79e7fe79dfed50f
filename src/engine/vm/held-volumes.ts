/**
 * Volumes held by snapshots (SNAP-9): Cinder refuses to delete a volume that has snapshots, and a
 * snapshot outlives the VM it was taken of. So a VM's teardown leaves such a volume on the VIM,
 * recorded on each snapshot holding it (`heldVolumeIds`), and the delete of the last of those
 * snapshots deletes the volume once its volume snapshots are gone.
 */
import { snapshotsOfVolume, volumesReleasedBy, type Snapshot } from '../../domain/snapshot.ts';
import { ignoreNotFound } from '../../vim/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { snapshotVim } from '../deployment/snapshot-events.ts';
import type { StepContext } from '../runtime/step-context.ts';

/** Records `volumeId` as held by the tenant's snapshots taken of it; false when none holds it. */
export async function holdForSnapshots(deps: EngineDeps, tenant: string, volumeId: string): Promise<boolean> {
  const holders = snapshotsOfVolume(await deps.store.listSnapshots({ tenant }), volumeId);
  for (const s of holders) {
    if (s.heldVolumeIds?.includes(volumeId)) continue;
    s.heldVolumeIds = [...(s.heldVolumeIds ?? []), volumeId];
    await deps.store.putSnapshot(s);
  }
  return holders.length > 0;
}

/** Deletes the volumes `s` was the last to hold and waits them gone (`vim.asyncpoller.volume.delete.*`). */
export async function deleteReleasedVolumes(ctx: StepContext, deps: EngineDeps, s: Snapshot): Promise<null> {
  const { vim, scope } = snapshotVim(deps, s);
  const released = volumesReleasedBy(s, await deps.store.listSnapshots({ tenant: s.tenant }));
  await Promise.all(
    released.map(async (id) => {
      await ignoreNotFound(() => vim.deleteVolume(scope, id));
      await deps.poller.waitFor({
        vim, scope, kind: 'volume', id, want: [], gone: true, policy: 'volume.delete', signal: ctx.signal,
        label: `volume ${id} held by snapshot ${s.name}`,
      });
    }),
  );
  return null;
}
