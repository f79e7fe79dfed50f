/**
 * Checks a one-step restore (REST-1, REST-2) makes against the VIM before it is accepted, so a
 * snapshot whose pieces went away or are not ready is refused naming the piece and nothing is
 * recorded: the snapshot's image (what an image restore rebuilds from; a snapshot's image stands
 * for it) must be `active`, and for a volume restore the volume snapshot the boot volume is made
 * from must be `available`. Missing is 400 (the request names what the VIM does not have, as for
 * an update's image); present but not ready is 409. Read-only, before the accepting transaction.
 */
import { errors } from '../domain/errors.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { UpdatePlan } from '../domain/update-plan.ts';
import type { EngineDeps } from './deployment/deps.ts';
import { snapshotVim } from './deployment/snapshot-events.ts';

export async function checkRestoreOnVim(deps: EngineDeps, snapshot: Snapshot, plan: UpdatePlan): Promise<void> {
  const { vim, scope } = snapshotVim(deps, snapshot);
  const present = (what: string, found: { status: string } | undefined, want: string) => {
    if (!found) throw errors.restoreSourceNotOnVim(snapshot.id, what, vim.id);
    if (found.status !== want) throw errors.restoreSourceNotReady(snapshot.id, what, found.status, want);
  };
  if (snapshot.imageId) present(`image ${snapshot.imageId}`, await vim.getImage(scope, snapshot.imageId), 'active');
  if (plan.restore?.kind === 'volume') {
    const id = plan.restore.volumeSnapshotId;
    present(`volume snapshot ${id}`, await vim.getVolumeSnapshot(scope, id), 'available');
  }
}
