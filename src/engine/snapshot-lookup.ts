/**
 * How the front door finds snapshots and the operations on them, shared by the snapshot, volume
 * and VM intents: a snapshot by id or unique name (SNAP-4, SNAP-9), and the refusal of other work
 * on a VM while a snapshot of it is being made or exported (SNAP-2).
 */
import { errors } from '../domain/errors.ts';
import { isOpen } from '../domain/operation.ts';
import { snapshotInProgress, type Snapshot } from '../domain/snapshot.ts';
import type { Store } from '../store/store.ts';

/** An id, else a name exactly one snapshot has. */
export async function snapshotByRef(store: Store, ref: string): Promise<Snapshot> {
  const byId = await store.getSnapshot(ref);
  if (byId) return byId;
  const byName = await store.listSnapshots({ name: ref, limit: 2 });
  if (byName.length === 0) throw errors.snapshotNotFound(ref);
  if (byName.length > 1) throw errors.snapshotNameAmbiguous(ref, await store.countSnapshots({ name: ref }));
  return byName[0]!;
}

/** While a snapshot of the VM is being made or exported, other operations on it are refused, naming it. */
export async function refuseWhileSnapshotted(store: Store, vmName: string): Promise<void> {
  for (const s of await store.listSnapshots({ vmName }))
    if (snapshotInProgress(s) && (await isRunning(store, s.operationId)))
      throw errors.vmBeingSnapshotted(vmName, s.name, s.id);
}

export async function isRunning(store: Store, operationId: string): Promise<boolean> {
  const op = await store.getOperation(operationId);
  return op !== undefined && isOpen(op);
}
