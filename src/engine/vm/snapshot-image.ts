/**
 * A VM's snapshot on the VIM, as durable steps (SNAP-1, SNAP-11, SNAP-12): Nova's createImage of
 * the VM's server (tagged, so a resumed step finds the image it made instead of making another),
 * the wait for the image `active`, the Cinder snapshots Nova made with it for a volume-booted VM
 * (recorded, then waited `available`); and their removal (404 = already gone) and wait until gone.
 */
import { errors } from '../../domain/errors.ts';
import { volumeSnapshotName, type Snapshot } from '../../domain/snapshot.ts';
import { vimTagKey, type VimImage, type VimVolumeSnapshot } from '../../vim/driver.ts';
import { ignoreNotFound } from '../../vim/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { snapshotVim } from '../deployment/snapshot-events.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { createTagged } from '../runtime/tagged-create.ts';

/** The tag the snapshot's image carries (its own id is unique, SNAP-4). */
const imageTag = (s: Snapshot) => `snapshot:${s.id}:image`;

/** createImage, once; the image id is recorded on the snapshot. */
export async function createSnapshotImage(ctx: StepContext, deps: EngineDeps, s: Snapshot): Promise<void> {
  const { vim, scope } = snapshotVim(deps, s);
  const tag = imageTag(s);
  s.imageId = await ctx.step('image', () =>
    createTagged(ctx, {
      create: () => vim.createServerImage(scope, s.serverId, s.name, { [vimTagKey]: tag }),
      lookup: async () => (await vim.listImages(scope, { tag })).map((image) => image.id),
      remove: (extra) => vim.deleteImage(scope, extra),
    }),
  );
  await deps.store.putSnapshot(s);
}

/**
 * Waits the image `active`, records the volume snapshots its block device mapping names
 * (SNAP-12), and waits each `available`, all within `vim.asyncpoller.snapshot.create.*`.
 */
export async function awaitSnapshotReady(ctx: StepContext, deps: EngineDeps, s: Snapshot): Promise<void> {
  const { vim, scope } = snapshotVim(deps, s);
  const imageId = s.imageId!;
  const snapshotIds = await ctx.step('image-active', async () => {
    const image = await deps.poller.waitFor<VimImage>({
      vim, scope, kind: 'image', id: imageId, want: ['active'], failOn: ['killed', 'deleted', 'deactivated'],
      policy: 'snapshot.create', signal: ctx.signal, label: `image ${s.name} (${imageId})`,
    });
    return image?.volumeSnapshotIds ?? [];
  });
  s.volumeSnapshots = await ctx.step('volume-snapshots', async () => {
    const found = await Promise.all(snapshotIds.map((id) => vim.getVolumeSnapshot(scope, id)));
    // A volume snapshot the image names but Cinder does not know cannot be restored from or held:
    // the snapshot fails (and its cleanup deletes what was made) rather than record it half.
    return found.map((v, i) => {
      if (!v) throw errors.volumeSnapshotMissing(snapshotIds[i]!, s.name);
      return { id: v.id, volumeId: v.volumeId, name: v.name || volumeSnapshotName(s.name) };
    });
  });
  await deps.store.putSnapshot(s);
  await ctx.step('volume-snapshots-available', async () => {
    await Promise.all(
      s.volumeSnapshots.map((v) =>
        deps.poller.waitFor<VimVolumeSnapshot>({
          vim, scope, kind: 'snapshot', id: v.id, want: ['available'], failOn: ['error'],
          policy: 'snapshot.create', signal: ctx.signal, label: `volume snapshot ${v.name} (${v.id})`,
        }),
      ),
    );
  });
}

/**
 * Deletes the snapshot's image and every volume snapshot from the VIM: the recorded ones, the
 * image found by its tag (a createImage whose answer was lost) and the volume snapshots that
 * image names. What is already gone counts as deleted. Cinder refuses to delete a volume snapshot
 * still `creating` (a snapshot cut short): it is waited settled first; one already `deleting` is
 * left to finish. The image goes last: until its volume snapshots are deleted it is the only
 * record of those not yet on the snapshot, so a run killed in between finds them again.
 * Returns what it asked the VIM to delete.
 */
export async function deleteSnapshotFromVim(
  deps: EngineDeps,
  s: Snapshot,
  signal: AbortSignal,
): Promise<{ imageIds: string[]; volumeSnapshotIds: string[] }> {
  const { vim, scope } = snapshotVim(deps, s);
  const images = new Map<string, VimImage | undefined>((await vim.listImages(scope, { tag: imageTag(s) })).map((i) => [i.id, i]));
  if (s.imageId && !images.has(s.imageId)) images.set(s.imageId, await vim.getImage(scope, s.imageId));
  const volumeSnapshotIds = new Set(s.volumeSnapshots.map((v) => v.id));
  for (const image of images.values()) for (const id of image?.volumeSnapshotIds ?? []) volumeSnapshotIds.add(id);
  const deleteVolumeSnapshot = async (id: string) => {
    const status = (await vim.getVolumeSnapshot(scope, id))?.status;
    if (status === 'deleting') return; // asked by a run killed since: Cinder finishes it
    if (status === 'creating') {
      await ignoreNotFound(async () => {
        await deps.poller.waitFor({
          vim, scope, kind: 'snapshot', id, want: ['available', 'error'], policy: 'snapshot.create', signal,
          label: `volume snapshot ${id} of snapshot ${s.name}`,
        });
      });
    }
    await ignoreNotFound(() => vim.deleteVolumeSnapshot(scope, id));
  };
  await Promise.all([...volumeSnapshotIds].map(deleteVolumeSnapshot));
  await Promise.all([...images.keys()].map((id) => ignoreNotFound(() => vim.deleteImage(scope, id))));
  return { imageIds: [...images.keys()], volumeSnapshotIds: [...volumeSnapshotIds] };
}

/** Waits until the image and volume snapshots are gone (`vim.asyncpoller.snapshot.delete.*`, SNAP-10). */
export async function awaitSnapshotGone(
  ctx: StepContext,
  deps: EngineDeps,
  s: Snapshot,
  deleted: { imageIds: string[]; volumeSnapshotIds: string[] },
): Promise<void> {
  const { vim, scope } = snapshotVim(deps, s);
  const gone = (kind: 'image' | 'snapshot', id: string) =>
    deps.poller.waitFor({
      vim, scope, kind, id, want: [], gone: true, failOn: ['error', 'error_deleting', 'killed'],
      policy: 'snapshot.delete', signal: ctx.signal, label: `${kind === 'image' ? 'image' : 'volume snapshot'} ${id} of snapshot ${s.name}`,
    });
  await Promise.all([
    ...deleted.imageIds.map((id) => gone('image', id)),
    ...deleted.volumeSnapshotIds.map((id) => gone('snapshot', id)),
  ]);
}
