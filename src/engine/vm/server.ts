/**
 * One VM's server on the VIM: create it (tagged, never twice) with its boot source, volumes,
 * day-0 config drive and placement (its server group and availability zone, COMP-1); wait for a
 * status through the batched poller; delete it and wait until Nova has forgotten it. Shared by
 * build, power actions, recovery, scale-out and teardown.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { availabilityZoneOf, serverGroupPlanOf } from '../../domain/placement.ts';
import { bootsFromVolume } from '../../domain/snapshot.ts';
import type { PollKind } from '../../config/config.ts';
import type { BlockDevice, VimServer, VimVolume } from '../../vim/driver.ts';
import { ignoreNotFound } from '../../vim/errors.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Refs } from '../deployment/resolve.ts';
import { serverGroupFor } from '../deployment/server-groups.ts';
import type { Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { createTagged } from '../runtime/tagged-create.ts';
import { day0ContextOf, renderDay0 } from './day0.ts';

export async function createServer(ctx: StepContext, t: Target, vm: Vm, group: VmGroupSpec, refs: Refs, volumes: VimVolume[]): Promise<VimServer> {
  const fromVolume = bootsFromVolume(group);
  const blockDevices: BlockDevice[] = fromVolume
    ? []
    : [{ sourceType: 'image', uuid: refs.images[vm.image], destinationType: 'local', bootIndex: 0, deleteOnTermination: true }];
  group.volumes.forEach((spec, k) =>
    blockDevices.push({
      sourceType: 'volume',
      uuid: volumes[k]!.id,
      destinationType: 'volume',
      bootIndex: spec.bootable ? (spec.bootIndex ?? 0) : undefined,
      deleteOnTermination: false,
    }),
  );
  const configDrive = group.configData.length ? await renderDay0(group.configData, vm, await day0ContextOf(t, vm, ctx.signal)) : undefined;
  const plan = serverGroupPlanOf(t.deployment.spec, group.name);
  const serverGroup = plan && (await serverGroupFor(ctx, t, plan));
  return createTagged(ctx, {
    create: () =>
      t.vim.createServer(t.scope, {
        name: vm.vimName,
        imageId: fromVolume ? undefined : refs.images[vm.image],
        flavorId: refs.flavors[group.flavor]!,
        portIds: vm.interfaces.map((i) => i.portId!),
        blockDevices: fromVolume || volumes.length ? blockDevices : [],
        configDrive,
        metadata: { vnfm_deployment: t.deployment.id, vnfm_vm: vm.name },
        availabilityZone: availabilityZoneOf(group, vm.index),
        schedulerHints: serverGroup ? { group: serverGroup } : undefined,
        tag: serverTag(vm),
      }),
    lookup: () => taggedServers(t, vm),
    remove: (extra) => t.vim.deleteServer(t.scope, extra.id),
  });
}

/**
 * The servers carrying the VM's tag (one, or two when a create in doubt landed late). Nova keeps
 * the tag in metadata, which it cannot filter by, so the list also names the VM's server name,
 * which Nova filters itself (every server of the VM is created with it): the VIM answers the VM's
 * servers, not the whole project's (issue 14: an undeploy of one VM among 1,000 read and parsed
 * 1,000 servers).
 */
export function taggedServers(t: Target, vm: Vm): Promise<VimServer[]> {
  return t.vim.listServers(t.scope, { name: vm.vimName, tag: serverTag(vm) });
}

const serverTag = (vm: Vm): string => `${vm.id}:server`;

/** Records where the server runs. */
export function applyServer(vm: Vm, server: VimServer): void {
  vm.hostId = server.hostId;
  vm.hostname = server.hostname;
}

/** Waits until the VM's server reaches `want` (ERROR fails the wait); `timeoutMs` overrides the policy's. */
export async function waitServer(
  ctx: StepContext,
  deps: EngineDeps,
  t: Target,
  vm: Vm,
  o: { want: string; policy: PollKind; timeoutMs?: number },
): Promise<VimServer> {
  const server = await deps.poller.waitFor<VimServer>({
    vim: t.vim, scope: t.scope, kind: 'server', id: vm.serverId!, want: [o.want], failOn: ['ERROR'],
    policy: o.policy, timeoutMs: o.timeoutMs, signal: ctx.signal, label: `server ${vm.vimName} (${vm.serverId})`,
  });
  return server!;
}

/**
 * Deletes one server of the VM and waits until Nova has forgotten it. A server in ERROR keeps
 * reporting ERROR while Nova deletes it, so only the timeout
 * (`vim.asyncpoller.server.delete.timeout.mins`) ends this wait unsuccessfully.
 */
export async function deleteServer(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, id: string): Promise<void> {
  await ignoreNotFound(() => t.vim.deleteServer(t.scope, id));
  await deps.poller.waitFor({
    vim: t.vim, scope: t.scope, kind: 'server', id, want: [], gone: true,
    policy: 'server.delete', signal: ctx.signal, label: `server ${vm.vimName} (${id})`,
  });
}
