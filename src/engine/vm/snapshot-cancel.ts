/**
 * An undeploy cutting in on a snapshot (SNAP-1, OPS-2): the snapshot operation is cancelled
 * without running its `fail`, so the undeploy ends what it left. Every snapshot of the deployment
 * still `creating` or `exporting` has its half-made image and volume snapshots deleted from the
 * VIM, and an export its partial files (found by
 * tag too: an image whose id was never recorded), waited gone — a volume snapshot would keep
 * Cinder from deleting its volume — and ends `error` with VM_BACKUP_COMPLETE FAILURE 500
 * `cancelled by undeploy`. Step and event keys are the snapshot's, so a replay repeats neither.
 */
import { inProgressStatuses } from '../../domain/snapshot.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed } from '../deployment/event-bodies.ts';
import { snapshotEvent } from '../deployment/snapshot-events.ts';
import type { Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { awaitSnapshotGone, deleteSnapshotFromVim } from './snapshot-image.ts';

const cancelledByUndeploy = 'cancelled by undeploy';

export async function cancelUnfinishedSnapshots(ctx: StepContext, deps: EngineDeps, t: Target): Promise<void> {
  const unfinished = await deps.store.listSnapshots({ tenant: t.deployment.tenant, statuses: inProgressStatuses });
  for (const s of unfinished.filter((x) => x.deploymentId === t.deployment.id)) {
    await ctx.step(`snapshot:${s.id}:cancel`, async () => {
      await awaitSnapshotGone(ctx, deps, s, await deleteSnapshotFromVim(deps, s, ctx.signal));
      if (s.status === 'exporting') await deps.exports.discard(s.id);
      return null;
    });
    const report = failed(cancelledByUndeploy);
    delete s.imageId;
    s.volumeSnapshots = [];
    s.status = 'error';
    s.statusMessage = report.statusMessage;
    // Emitted before the record changes: a run resumed in between finds it `creating` and the
    // event already recorded under its key.
    await ctx.emit(`snapshot:${s.id}:cancelled`, await snapshotEvent(deps, s, 'VM_BACKUP_COMPLETE', report));
    await deps.store.putSnapshot(s);
  }
}
