/**
 * Removes one VM from the VIM as durable steps: the server (waiting until Nova has forgotten it),
 * then the ports and volumes we made for it. Each resource is found by its recorded id and by its
 * tag: a create in flight at a crash or a cancellation has no recorded id, and a create left in
 * doubt (timeout, lost answer) may land after `createTagged` looked it up and sent it again, which
 * leaves a second resource with the same tag (OPS fault test). A 404 counts as already gone.
 * Pre-created ports and volumes the orchestrator named are left alone, and so is a volume a
 * snapshot's volume snapshots hold (recorded on the snapshot, deleted with it: `held-volumes.ts`).
 *
 * The server step records the ids it deleted: a server Nova lost while nova-compute was down
 * leaves its volume held by a Cinder attachment after the server is gone, and only attachments of
 * those servers are ours to clear (`deleteUnlessHeld`).
 */
import { messageOf } from '../../domain/errors.ts';
import type { Vm } from '../../domain/entities.ts';
import { ignoreNotFound } from '../../vim/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import { failed, ok, vmEvent } from '../deployment/event-bodies.ts';
import type { Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { deleteUnlessHeld } from './held-volumes.ts';
import { deleteServer, taggedServers } from './server.ts';

export async function teardownVm(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, key = `vm:${vm.id}:undeploy`): Promise<void> {
  try {
    const gone = await ctx.step(`${key}:server`, () => deleteServers(ctx, deps, t, vm));
    await ctx.step(`${key}:ports`, () => deletePorts(t, vm));
    await ctx.step(`${key}:volumes`, () => deleteVolumes(ctx, deps, t, vm, gone));
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    await ctx.emit(`${key}:event`, vmEvent(t, vm, 'VM_UNDEPLOYED', failed(`OpenStack Driver: VM deletion failed, VM Name: [${vm.vimName}]: ${messageOf(err)}`)));
    throw err;
  }
  await ctx.emit(`${key}:event`, vmEvent(t, vm, 'VM_UNDEPLOYED', ok(`OpenStack Driver: VM successfully deleted, VM Name: [${vm.vimName}]`)));
}

/** The recorded id (if any) first, then every other resource carrying our tag. */
function withTagged(recorded: string | undefined, tagged: { id: string }[]): string[] {
  return [...new Set([...(recorded ? [recorded] : []), ...tagged.map((r) => r.id)])];
}

/** Returns the ids of the servers it saw gone. */
async function deleteServers(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm): Promise<string[]> {
  const ids = withTagged(vm.serverId, await taggedServers(t, vm));
  for (const id of ids) await deleteServer(ctx, deps, t, vm, id);
  return ids;
}

/** Deletes the ports we made for `nics` of the VM (all of them unless an update removes one, COMP-2). */
export async function deletePorts(t: Target, vm: Vm, nics = vm.interfaces): Promise<null> {
  for (const nic of nics.filter((i) => i.portOwned)) {
    const ids = withTagged(nic.portId, await t.vim.listPorts(t.scope, { tag: `${vm.id}:port:${nic.nicid}` }));
    for (const id of ids) await ignoreNotFound(() => t.vim.deletePort(t.scope, id));
  }
  return null;
}

/** Deletes the volumes we made for the VM (`vols`: all of them unless an update removes one, COMP-2). */
export async function deleteVolumes(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, goneServers: string[], vols = vm.volumes): Promise<null> {
  for (const vol of vols.filter((v) => v.owned)) {
    const ids = withTagged(vol.volumeId, await t.vim.listVolumes(t.scope, { tag: `${vm.id}:volume:${vol.name}` }));
    for (const id of ids) await deleteUnlessHeld(ctx, deps, t, { id, name: vol.name }, goneServers);
  }
  return null;
}
