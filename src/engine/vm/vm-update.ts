/**
 * What a service update does to one VM of a group that stays (COMP-2, `domain/update-rules.ts`),
 * as durable steps: interfaces and volumes the update removed are detached through Nova (and
 * deleted when we made them), then those it added are made and attached; the VM record follows
 * each one, so a resumed run, an undeploy or a redeploy sees what the VM has (an added interface's
 * record, with its pool address, is written when the update is accepted). Changes the table
 * records (image, flavor, day-0, settings) need no VIM call: the spec holds them for the next
 * redeploy; kpi_data and rules are read again by the monitor when the update ends.
 * A VM with no server (it failed to build) only has its records changed: its redeploy builds the rest.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { GroupChange } from '../../domain/update-rules.ts';
import { volumeRecord } from '../../domain/vm-records.ts';
import { ignoreNotFound } from '../../vim/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Refs } from '../deployment/resolve.ts';
import { saveVm, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { createTagged } from '../runtime/tagged-create.ts';
import { createPorts } from './network-ports.ts';
import { deletePorts, deleteVolumes } from './teardown.ts';
import { attachedTo, attachVolumeStep, detachVolumeStep } from './volume-attach.ts';
import { createVolumes } from './volumes.ts';

export async function applyVmChanges(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, changes: GroupChange[], refs: Refs): Promise<void> {
  for (const c of changes) if (c.kind === 'interfaceRemoved') await removeInterface(ctx, deps, t, vm, c.nicid);
  for (const c of changes) if (c.kind === 'volumeRemoved') await removeVolume(ctx, deps, t, vm, c.volume);
  for (const c of changes) if (c.kind === 'interfaceAdded') await addInterface(ctx, deps, t, vm, group, c.nicid, refs);
  for (const c of changes) if (c.kind === 'volumeAdded') await addVolume(ctx, deps, t, vm, group, c.volume, refs);
}

/** Its record (and pool address) was written when the update was accepted (`domain/update-plan.ts`). */
async function addInterface(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, nicid: number, refs: Refs): Promise<void> {
  const nic = vm.interfaces.find((i) => i.nicid === nicid)!;
  if (!vm.serverId) return;
  // Made by an earlier update that failed (`domain/update-base.ts`): the port is there, with its address.
  if (!nic.portId || !(await t.vim.findPort(t.scope, nic.portId))) await createPorts(ctx, deps, t, vm, group, refs, [nic]);
  // Nova refuses a port already bound (409): an attach that may have happened (a resumed run, an
  // answer lost) is read back from the port's device_id before it is sent again.
  const bound = async () => ((await t.vim.findPort(t.scope, nic.portId!))?.deviceId === vm.serverId ? [true] : []);
  await ctx.step(`vm:${vm.id}:nic:${nicid}:attach`, () =>
    createTagged(ctx, { create: () => t.vim.attachInterface(t.scope, vm.serverId!, nic.portId!).then(() => true), lookup: bound }));
}

async function removeInterface(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, nicid: number): Promise<void> {
  const nic = vm.interfaces.find((i) => i.nicid === nicid);
  if (!nic) return;
  const key = `vm:${vm.id}:nic:${nicid}`;
  if (vm.serverId && nic.portId) await ctx.step(`${key}:detach`, () => ignoreNotFound(() => t.vim.detachInterface(t.scope, vm.serverId!, nic.portId!)).then(() => null));
  // Neutron deletes a port Nova is still letting go of and tells Nova (network-vif-deleted).
  await ctx.step(`${key}:delete`, () => deletePorts(t, vm, [nic]));
  vm.interfaces = vm.interfaces.filter((i) => i.nicid !== nicid);
  await saveVm(deps, t, vm);
}

async function addVolume(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, name: string, refs: Refs): Promise<void> {
  if (!vm.volumes.some((v) => v.name === name)) {
    vm.volumes = [...vm.volumes, volumeRecord(group.volumes.find((v) => v.name === name)!)];
    await saveVm(deps, t, vm);
  }
  const record = vm.volumes.find((v) => v.name === name)!;
  if (!vm.serverId) return;
  // Attached by an earlier update that failed later on (`domain/update-base.ts`): it landed.
  if (record.volumeId && (await attachedTo(t, record.volumeId, vm.serverId))) return;
  await createVolumes(ctx, deps, t, vm, group, refs, [record]);
  await attachVolumeStep(ctx, deps, t, vm, { id: record.volumeId!, name }, `vm:${vm.id}:volume:${name}:attach`);
}

async function removeVolume(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, name: string): Promise<void> {
  const record = vm.volumes.find((v) => v.name === name);
  if (!record) return;
  const key = `vm:${vm.id}:volume:${name}`;
  if (vm.serverId && record.volumeId) await detachVolumeStep(ctx, deps, t, vm, { id: record.volumeId, name }, `${key}:detach`);
  await ctx.step(`${key}:delete`, () => deleteVolumes(ctx, deps, t, vm, [], [record]));
  vm.volumes = vm.volumes.filter((v) => v.name !== name);
  await saveVm(deps, t, vm);
}
