/**
 * Snapshot create (SNAP-1, SNAP-2, SNAP-6, SNAP-11, SNAP-12): VM_BACKUP_INIT, Nova createImage of
 * the VM's server, VM_BACKUP_CREATED once Nova accepted it, the image and any volume snapshots
 * waited ready, then the snapshot `available` and VM_BACKUP_COMPLETE. On failure or timeout what
 * was half made is deleted from the VIM, the snapshot ends `error` with the reason and
 * VM_BACKUP_COMPLETE reports FAILURE 500. The VM's state is left as it is. An EXPORT (SNAP-5)
 * copies the image out of the VIM and checks the copy before VM_BACKUP_COMPLETE; a failed one
 * removes what it wrote.
 */
import { errors, messageOf } from '../../domain/errors.ts';
import type { Snapshot } from '../../domain/snapshot.ts';
import { isoTime } from '../../time/clock.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok } from '../deployment/event-bodies.ts';
import { snapshotEvent } from '../deployment/snapshot-events.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { exportSnapshotImage, writeExportManifest } from '../vm/snapshot-export.ts';
import { awaitSnapshotReady, createSnapshotImage, deleteSnapshotFromVim } from '../vm/snapshot-image.ts';

export interface SnapshotInput {
  snapshotId: string;
  /** EXPORT (SNAP-5): the image is also copied out of the VIM before the snapshot completes. */
  export?: boolean;
}

const isExport = (input: unknown): boolean => (input as SnapshotInput).export === true;

export async function loadSnapshot(deps: EngineDeps, input: unknown): Promise<Snapshot> {
  const { snapshotId } = input as SnapshotInput;
  const s = await deps.store.getSnapshot(snapshotId);
  if (!s) throw errors.snapshotGone(snapshotId);
  return s;
}

export const snapshotCreateWorkflow: Workflow<EngineDeps> = {
  async run(ctx, deps) {
    const s = await loadSnapshot(deps, ctx.op.input);
    await ctx.emit('backup-init', await snapshotEvent(deps, s, 'VM_BACKUP_INIT', ok(`Snapshot request for VM [${s.vmName}] accepted.`)));
    await createSnapshotImage(ctx, deps, s);
    await ctx.emit('backup-created', await snapshotEvent(deps, s, 'VM_BACKUP_CREATED', ok('Snapshot is now active.', 202)));
    await awaitSnapshotReady(ctx, deps, s);
    const exported = isExport(ctx.op.input) ? await exportSnapshotImage(ctx, deps, s) : undefined;
    // An undeploy that cut in meanwhile has ended this snapshot itself (`cancelled by undeploy`):
    // its record must not be overwritten as available.
    ctx.throwIfCancelled();
    const report = ok(`Snapshot image for VM [${s.vmName}] is active.`);
    s.status = 'available';
    s.statusMessage = report.statusMessage;
    s.creationEnd = isoTime(deps.clock);
    if (exported) await writeExportManifest(ctx, deps, s, exported);
    await deps.store.putSnapshot(s);
    await ctx.emit('backup-complete', await snapshotEvent(deps, s, 'VM_BACKUP_COMPLETE', report));
    return { ...report, snapshot: s };
  },
  async fail(ctx, deps, err) {
    const s = await loadSnapshot(deps, ctx.op.input);
    const report = failed(messageOf(err));
    try {
      await deleteSnapshotFromVim(deps, s, ctx.signal);
      delete s.imageId;
      s.volumeSnapshots = [];
    } catch (cleanupErr) {
      // What is left stays recorded, so a delete of the failed snapshot removes it later (SNAP-9).
      deps.log.warn({ err: cleanupErr, snapshot: s.id }, 'deleting a failed snapshot from the VIM failed');
    }
    if (isExport(ctx.op.input)) await deps.exports.discard(s.id);
    s.status = 'error';
    s.statusMessage = report.statusMessage;
    await deps.store.putSnapshot(s);
    await ctx.emit('backup-failed', await snapshotEvent(deps, s, 'VM_BACKUP_COMPLETE', report));
    return { ...report, snapshot: s };
  },
};
