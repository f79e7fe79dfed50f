/**
 * Volumes held by snapshots (SNAP-9): Cinder refuses to delete a volume that has snapshots, and a
 * snapshot outlives the VM it was taken of. So a volume of ours that leaves its VM — a VM's
 * teardown, or the boot volume a one-step restore replaced (REST-2) — is deleted unless snapshots
 * hold it; then it stays on the VIM, recorded on each snapshot holding it (`heldVolumeIds`), and
 * the delete of the last of those snapshots deletes it once its volume snapshots are gone.
 */
import { snapshotsOfVolume, volumesReleasedBy, type Snapshot } from '../../domain/snapshot.ts';
import type { VimVolume } from '../../vim/driver.ts';
import { ignoreNotFound, isVimNotFound } from '../../vim/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { snapshotVim } from '../deployment/snapshot-events.ts';
import type { Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';

/**
 * Deletes a volume of ours that left its VM and waits it gone (`vim.asyncpoller.volume.delete.*`),
 * or records it held by the snapshots taken of it. `goneServers` are the servers we deleted that
 * had it attached: their Cinder attachments are ours to clear.
 */
export async function deleteUnlessHeld(ctx: StepContext, deps: EngineDeps, t: Target, vol: { id: string; name: string }, goneServers: string[]): Promise<void> {
  const wait = (want: string[], gone: boolean) =>
    deps.poller.waitFor<VimVolume>({
      vim: t.vim, scope: t.scope, kind: 'volume', id: vol.id, want, gone, policy: 'volume.delete',
      signal: ctx.signal, label: `volume ${vol.name} (${vol.id})`,
    });
  // Nova detaches a deleted server's volumes asynchronously; Cinder refuses to delete until then.
  const current = await t.vim.getVolume(t.scope, vol.id);
  if (!current) return;
  if (current.status !== 'available' && current.status !== 'error') {
    await freeOrphanedVolume(t, vol.id, goneServers);
    try {
      await wait(['available', 'error'], false);
    } catch (err) {
      if (isVimNotFound(err)) return;
      throw err;
    }
  }
  if (await holdForSnapshots(deps, t.deployment.tenant, vol.id)) return;
  await ignoreNotFound(() => t.vim.deleteVolume(t.scope, vol.id));
  await wait([], true);
}

/**
 * When nova-compute is down long enough during a build, Nova loses it: deleting the server then
 * leaves the volume `reserved` (or `attaching`/`in-use`) by a Cinder attachment whose server is
 * gone, and waiting for `available` would only time out. Deleting the attachments of the servers
 * we deleted frees it (found on the real rig); attachments of any other server stay.
 */
async function freeOrphanedVolume(t: Target, volumeId: string, goneServers: string[]): Promise<void> {
  if (goneServers.length === 0) return;
  await ignoreNotFound(async () => {
    await t.vim.clearVolumeAttachments(t.scope, volumeId, goneServers);
  });
}

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
