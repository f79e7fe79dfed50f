/**
 * Volume from snapshot (REST-3..6): VM_VOLUME_ACCEPTED_EVENT, the Cinder volume created (tagged,
 * so a resumed step finds the volume it made) from the snapshot's boot volume snapshot, waited
 * `available` within `vim.asyncpoller.volume.create.*` (REST-6), its bootable flag set when Cinder
 * gave it another, then VM_VOLUME_CREATED_EVENT. Both events are REST-only (REST-5). The volume is
 * out of band (REST-3): recorded on no VM and never deleted by us, not even when the wait fails —
 * the failure event names it so the operator can.
 */
import { messageOf } from '../../domain/errors.ts';
import type { EventType, VolumeRef } from '../../domain/event.ts';
import type { OperationOutcome } from '../../domain/operation.ts';
import type { VolumeFromSnapshotSpec } from '../../domain/volume-from-snapshot.ts';
import type { VimVolume } from '../../vim/driver.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, type EventBody, type StatusReport } from '../deployment/event-bodies.ts';
import { snapshotVim } from '../deployment/snapshot-events.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { createTagged } from '../runtime/tagged-create.ts';
import type { Workflow } from '../runtime/workflow.ts';
import { waitVolumeAvailable } from '../vm/volumes.ts';

/** What the operation needs, copied from the snapshot when accepted: it may be deleted meanwhile. */
export interface VolumeFromSnapshotInput {
  snapshotId: string;
  volumeSnapshotId: string;
  spec: VolumeFromSnapshotSpec;
  vimConnector: string;
  scopeProjectId?: string;
  /** The tenant's VIM project, as events name it. */
  tenantId?: string;
}

const inputOf = (ctx: StepContext) => ctx.op.input as VolumeFromSnapshotInput;
const volumeTag = (ctx: StepContext) => `volume-from-snapshot:${ctx.op.id}`;

export const volumeFromSnapshotWorkflow: Workflow<EngineDeps> = {
  async run(ctx, deps) {
    const input = inputOf(ctx);
    const { spec } = input;
    const { vim, scope } = snapshotVim(deps, input);
    await ctx.emit('volume-accepted', volumeEvent(ctx, 'VM_VOLUME_ACCEPTED_EVENT', ok('Create volume snapshot request accepted', 202), requested(spec)));
    const tag = volumeTag(ctx);
    const id = await ctx.step('volume', async () => {
      const made = await createTagged(ctx, {
        create: () =>
          vim.createVolume(scope, { name: spec.name, snapshotId: input.volumeSnapshotId, volumeType: spec.volumeType, multiattach: spec.multiattach, tag }),
        lookup: () => vim.listVolumes(scope, { tag }),
        remove: (extra) => vim.deleteVolume(scope, extra.id),
      });
      return made.id;
    });
    const volume = await ctx.step('available', async () => {
      const v = await waitVolumeAvailable(ctx, deps, { vim, scope }, { id, name: spec.name });
      if (v.bootable !== spec.bootable) await vim.setVolumeBootable(scope, id, spec.bootable);
      return made(v, spec);
    });
    const report = ok('Create volume snapshot request completed', 201);
    await ctx.emit('volume-created', volumeEvent(ctx, 'VM_VOLUME_CREATED_EVENT', report, volume));
    return report;
  },
  async fail(ctx, deps, err): Promise<OperationOutcome> {
    const input = inputOf(ctx);
    const report = failed(messageOf(err));
    await ctx.emit('volume-failed', volumeEvent(ctx, 'VM_VOLUME_CREATED_EVENT', report, await madeSoFar(ctx, deps, input)));
    return report;
  },
};

/** The volume as far as Cinder made it (found by its tag), else as requested. */
async function madeSoFar(ctx: StepContext, deps: EngineDeps, input: VolumeFromSnapshotInput): Promise<VolumeRef> {
  const { vim, scope } = snapshotVim(deps, input);
  const found = await vim.listVolumes(scope, { tag: volumeTag(ctx) }).then(
    (list) => list[0],
    () => undefined,
  );
  return found ? made(found, input.spec) : requested(input.spec);
}

const requested = (spec: VolumeFromSnapshotSpec): VolumeRef => ({
  name: spec.name, volumeType: spec.volumeType, bootable: spec.bootable, multiattach: spec.multiattach,
});

const made = (v: VimVolume, spec: VolumeFromSnapshotSpec): VolumeRef => ({
  id: v.id, name: v.name, sizeGiB: v.size, volumeType: v.volumeType ?? spec.volumeType, bootable: spec.bootable, multiattach: v.multiattach,
});

function volumeEvent(ctx: StepContext, type: EventType, report: StatusReport, volume: VolumeRef): EventBody {
  return { type, ...report, tenant: ctx.op.tenant, tenantId: inputOf(ctx).tenantId, volume, restOnly: true };
}
