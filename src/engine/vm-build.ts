/**
 * Builds one VM on the VIM as durable steps: its ports (one per interface, with the fixed IP and MAC
 * asked for), its volumes (bootable ones through `block_device_mapping_v2` with their `boot_index`),
 * the server with its day-0 files on a config drive, the wait for ACTIVE, then liveness within the
 * group's `bootup_time` (VM_DEPLOYED, then VM_ALIVE). Each VIM id is written on the VM record as
 * soon as it is known, so an undeploy at any moment knows what to remove.
 */
import type { VmGroupSpec } from '../domain/deployment-spec.ts';
import type { Vm } from '../domain/entities.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { isoTime } from '../time/clock.ts';
import type { BlockDevice, VimPort, VimServer, VimVolume } from '../vim/driver.ts';
import { renderDay0 } from './day0.ts';
import { mayRecover, recoverVm } from './recovery.ts';
import { createTagged } from './tagged-create.ts';
import type { EngineDeps } from './deps.ts';
import type { Refs } from './resolve.ts';
import type { StepContext } from './step-context.ts';
import { failed, ok, vmEvent, type Target } from './target.ts';

export async function saveVm(deps: EngineDeps, t: Target, vm: Vm): Promise<void> {
  vm.updatedAt = isoTime(deps.clock);
  await deps.store.putVm(vm);
  const at = t.vms.findIndex((v) => v.id === vm.id);
  if (at >= 0) t.vms[at] = vm;
  else t.vms.push(vm);
}

export async function buildVm(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, refs: Refs): Promise<void> {
  const key = `vm:${vm.id}`;
  try {
    await createPorts(ctx, deps, t, vm, group, refs);
    const volumes = await createVolumes(ctx, deps, t, vm, group, refs);
    const created = await ctx.step(`${key}:server`, async () => {
      const server = await createServer(ctx, deps, t, vm, group, refs, volumes);
      return server.id;
    });
    vm.serverId = created;
    await saveVm(deps, t, vm);
    const server = await ctx.step(`${key}:active`, () => waitActive(ctx, deps, t, vm, 'server.create'));
    applyServer(vm, server);
    await saveVm(deps, t, vm);
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    vm.state = 'VM_ERROR_STATE';
    await saveVm(deps, t, vm);
    await ctx.emit(`${key}:deployed`, vmEvent(t, vm, 'VM_DEPLOYED', failed(`OpenStack Driver: VM creation failed, VM Name: [${vm.vimName}]: ${messageOf(err)}`)));
    throw err;
  }
  await ctx.emit(`${key}:deployed`, vmEvent(t, vm, 'VM_DEPLOYED', ok(`OpenStack Driver: VM successfully created, VM Name: [${vm.vimName}]`)));
  await becomeAlive(ctx, deps, t, vm, group, { key: `${key}:alive`, message: 'VM_Alive event received', recovery: { refs } });
}

/**
 * Waits for liveness within `bootup_time` and records VM_ALIVE (shared by deploy, start, reboot).
 * With `recovery` (a VM being deployed, IMPL-2 trigger (a)), a VM that does not come alive is
 * recovered by its group's policy where the service state allows recovery, instead of failing.
 */
export async function becomeAlive(
  ctx: StepContext,
  deps: EngineDeps,
  t: Target,
  vm: Vm,
  group: VmGroupSpec,
  opts: { key: string; message: string; recovery?: { refs: Refs } },
): Promise<void> {
  try {
    await ctx.step(opts.key, () => waitAlive(ctx, deps, t, vm, group));
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    if (opts.recovery && isDomainError(err, 'TIMEOUT') && mayRecover(t, group)) {
      await recoverVm(ctx, deps, t, vm, group, { key: `${opts.key}:recovery`, refs: opts.recovery.refs, reason: messageOf(err) });
    } else {
      vm.state = 'VM_ERROR_STATE';
      await saveVm(deps, t, vm);
      await ctx.emit(opts.key, vmEvent(t, vm, 'VM_ALIVE', failed(`VM [${vm.name}] did not come alive: ${messageOf(err)}`)));
      throw err;
    }
  }
  await markAlive(ctx, deps, t, vm, opts.key, `${opts.message}, VM ID: [${vm.serverId}]`);
}

export async function markAlive(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, key: string, message: string): Promise<void> {
  vm.state = 'VM_ALIVE_STATE';
  vm.monitoring = true;
  await saveVm(deps, t, vm);
  await ctx.emit(key, vmEvent(t, vm, 'VM_ALIVE', ok(message)));
}

export function applyServer(vm: Vm, server: VimServer): void {
  vm.hostId = server.hostId;
  vm.hostname = server.hostname;
}

export function waitActive(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, policy: 'server.create' | 'server.action'): Promise<VimServer> {
  return deps.poller
    .waitFor<VimServer>({
      vim: t.vim,
      scope: t.scope,
      kind: 'server',
      id: vm.serverId!,
      want: ['ACTIVE'],
      failOn: ['ERROR'],
      policy,
      signal: ctx.signal,
      label: `server ${vm.vimName} (${vm.serverId})`,
    })
    .then((s) => s!);
}

export async function waitAlive(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec): Promise<true> {
  const deadline = group.bootupTime < 0 ? Infinity : deps.clock.now() + group.bootupTime * 1000;
  const { intervalMs } = deps.config.poller('server.action');
  for (;;) {
    const server = await t.vim.getServer(t.scope, vm.serverId!);
    if (!server) throw new DomainError('VIM_FAILED', `server ${vm.vimName} (${vm.serverId}) went away`);
    if (server.status === 'ERROR') throw new DomainError('VIM_FAILED', `server ${vm.vimName} went to ERROR${server.fault ? `: ${server.fault}` : ''}`);
    if (await deps.liveness.isAlive(vm, server, group)) return true;
    if (deps.clock.now() >= deadline)
      throw new DomainError('TIMEOUT', `no liveness within bootup_time ${group.bootupTime} s`);
    await deps.clock.sleep(Math.min(intervalMs, Math.max(0, deadline - deps.clock.now())), ctx.signal);
  }
}

async function createPorts(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, refs: Refs): Promise<void> {
  for (const nic of vm.interfaces) {
    const spec = group.interfaces.find((i) => i.nicid === nic.nicid)!;
    const networkId = refs.networks[nic.network]!;
    const port = await ctx.step<VimPort>(`vm:${vm.id}:port:${nic.nicid}`, async () => {
      if (spec.port) {
        const found = await t.vim.findPort(t.scope, spec.port);
        if (!found) throw new DomainError('INVALID_INPUT', `port [${spec.port}] of vm_group [${group.name}] interface ${nic.nicid} was not found`);
        return found;
      }
      const tag = `${vm.id}:port:${nic.nicid}`;
      const subnetId = nic.subnet ? refs.subnets[`${networkId}/${nic.subnet}`] : undefined;
      return createTagged(ctx, {
        create: () =>
          t.vim.createPort(t.scope, {
            name: `${vm.vimName}_nic${nic.nicid}`.slice(0, 255),
            networkId,
            fixedIps: subnetId || nic.ipAddress ? [{ subnetId, ipAddress: nic.ipAddress }] : undefined,
            macAddress: nic.macAddress,
            securityGroups: spec.securityGroups.length ? spec.securityGroups : undefined,
            tag,
          }),
        lookup: async () => (await t.vim.listPorts(t.scope, { tag }))[0],
      });
    });
    nic.portId = port.id;
    nic.networkId = port.networkId;
    nic.subnetId = port.fixedIps[0]?.subnetId;
    nic.ipAddress = port.fixedIps[0]?.ipAddress;
    nic.macAddress = port.macAddress;
    await saveVm(deps, t, vm);
  }
}

async function createVolumes(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, refs: Refs): Promise<VimVolume[]> {
  const out: VimVolume[] = [];
  for (const record of vm.volumes) {
    const spec = group.volumes.find((v) => v.name === record.name)!;
    const tag = `${vm.id}:volume:${spec.name}`;
    const volume = await ctx.step<VimVolume>(`vm:${vm.id}:volume:${spec.name}`, async () => {
      const made = await createTagged(ctx, {
        create: () =>
          t.vim.createVolume(t.scope, {
            name: `${vm.vimName}_${spec.name}`.slice(0, 255),
            size: spec.size === undefined ? undefined : toGiB(spec.size, spec.sizeunit),
            imageId: spec.image ? refs.images[spec.image] : undefined,
            volumeType: spec.type,
            bootable: spec.bootable,
            tag,
          }),
        lookup: async () => (await t.vim.listVolumes(t.scope, { tag }))[0],
      });
      record.volumeId = made.id;
      await saveVm(deps, t, vm);
      const ready = await deps.poller.waitFor<VimVolume>({
        vim: t.vim, scope: t.scope, kind: 'volume', id: made.id, want: ['available'], failOn: ['error'],
        policy: 'volume.create', signal: ctx.signal, label: `volume ${spec.name} (${made.id})`,
      });
      return ready!;
    });
    record.volumeId = volume.id;
    out.push(volume);
  }
  await saveVm(deps, t, vm);
  return out;
}

export async function createServer(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, refs: Refs, volumes: VimVolume[]): Promise<VimServer> {
  const blockDevices: BlockDevice[] = [];
  const bootsFromVolume = group.volumes.some((v) => v.bootable && (v.bootIndex ?? 0) === 0);
  if (!bootsFromVolume)
    blockDevices.push({ sourceType: 'image', uuid: refs.images[vm.image], destinationType: 'local', bootIndex: 0, deleteOnTermination: true });
  group.volumes.forEach((spec, k) => {
    const volume = volumes[k]!;
    blockDevices.push({
      sourceType: 'volume',
      uuid: volume.id,
      destinationType: 'volume',
      bootIndex: spec.bootable ? (spec.bootIndex ?? 0) : undefined,
      deleteOnTermination: false,
    });
  });
  const configDrive = group.configData.length ? await renderDay0(group.configData, vm) : undefined;
  const tag = `${vm.id}:server`;
  return createTagged(ctx, {
    create: () =>
      t.vim.createServer(t.scope, {
        name: vm.vimName,
        imageId: bootsFromVolume ? undefined : refs.images[vm.image],
        flavorId: refs.flavors[group.flavor]!,
        portIds: vm.interfaces.map((i) => i.portId!),
        blockDevices: bootsFromVolume || volumes.length ? blockDevices : [],
        configDrive,
        metadata: { vnfm_deployment: t.deployment.id, vnfm_vm: vm.name },
        tag,
      }),
    lookup: async () => (await t.vim.listServers(t.scope, { tag }))[0],
  });
}

const unitsPerGiB: Record<string, number> = { MiB: 1 / 1024, GiB: 1, TiB: 1024, PiB: 1024 ** 2, EiB: 1024 ** 3 };

function toGiB(size: number, unit: string): number {
  return Math.max(1, Math.ceil(size * (unitsPerGiB[unit] ?? 1)));
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
