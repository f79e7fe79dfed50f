/**
 * Snapshot delete (SNAP-9, SNAP-10, SNAP-11): VM_SNAPSHOT_DELETING, the image and every recorded
 * volume snapshot deleted from the VIM and waited gone, then the volumes it was the last to hold
 * (left by an undeploy), the record removed, then
 * VM_SNAPSHOT_DELETED — only once all are gone. On failure the snapshot stays listed as `error`
 * with the reason (it can be deleted again) and VM_SNAPSHOT_DELETED reports FAILURE 500.
 */
import { messageOf } from '../../domain/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok } from '../deployment/event-bodies.ts';
import { snapshotEvent } from '../deployment/snapshot-events.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { deleteReleasedVolumes } from '../vm/held-volumes.ts';
import { awaitSnapshotGone, deleteSnapshotFromVim } from '../vm/snapshot-image.ts';
import { loadSnapshot, type SnapshotInput } from './snapshot-create.ts';

export const snapshotDeleteWorkflow: Workflow<EngineDeps> = {
  async run(ctx, deps) {
    // Recorded, so a run resumed after the record was removed still knows what it deleted.
    const s = await ctx.step('snapshot', () => loadSnapshot(deps, ctx.op.input));
    await ctx.emit('snapshot-deleting', await snapshotEvent(deps, s, 'VM_SNAPSHOT_DELETING', ok(`Snapshot image [${s.id}] is being deleted.`)));
    const deleted = await ctx.step('delete-on-vim', () => deleteSnapshotFromVim(deps, s, ctx.signal));
    await ctx.step('gone', () => awaitSnapshotGone(ctx, deps, s, deleted));
    await ctx.step('held-volumes', () => deleteReleasedVolumes(ctx, deps, s));
    const report = ok(`Snapshot image [${s.id}] has been deleted.`);
    const body = await snapshotEvent(deps, s, 'VM_SNAPSHOT_DELETED', report);
    await deps.store.deleteSnapshot(s.id);
    await ctx.emit('snapshot-deleted', body);
    return { ...report, snapshot: s };
  },
  async fail(ctx, deps, err) {
    const report = failed(messageOf(err));
    const s = await deps.store.getSnapshot((ctx.op.input as SnapshotInput).snapshotId);
    if (!s) return report;
    s.status = 'error';
    s.statusMessage = report.statusMessage;
    await deps.store.putSnapshot(s);
    await ctx.emit('snapshot-delete-failed', await snapshotEvent(deps, s, 'VM_SNAPSHOT_DELETED', report));
    return { ...report, snapshot: s };
  },
};
