/**
 * One VM of a one-group deployment, recorded in the world's store and resolved against the
 * emulator's seeded cloud (image `cirros`, flavor `m1.tiny`, network `private`), for tests of one
 * VM's steps: `placeVm` stops before the build, `builtVm` runs the build first (the VM alive, the
 * call log cleared). Tests act on `t`, `vm` and `refs` as the workflows do, in operations from `op`.
 */
import { randomUUID } from 'node:crypto';
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import type { Operation } from '../../domain/operation.ts';
import { newVmRecords } from '../../domain/vm-records.ts';
import { deployment, operation, spec, tenant } from '../../store/contract/fixtures.ts';
import { isoTime } from '../../time/clock.ts';
import { resolveRefs, type Refs } from '../deployment/resolve.ts';
import { loadTarget, type Target } from '../deployment/target.ts';
import { buildVms } from '../vm/build.ts';
import type { VimWorld } from './vim-world.ts';

const deploymentId = 'd1';
const deploymentName = 'dep';

export interface OneVm {
  t: Target;
  vm: Vm;
  refs: Refs;
}

/** A group of one VM on `private` with an empty 1 GiB volume `data`, alive within 10 s, unless `more` says otherwise. */
export function vmGroup(more: Partial<VmGroupSpec> = {}): VmGroupSpec {
  const base = spec('x').vmGroups[0]!;
  return {
    ...base,
    image: 'cirros',
    flavor: 'm1.tiny',
    bootupTime: 10,
    interfaces: [{ nicid: 0, network: 'private', model: 'virtio', type: 'virtual', securityGroups: [] }],
    configData: [],
    volumes: [{ name: 'data', size: 1, sizeunit: 'GiB', bus: 'virtio', bootable: false }],
    ...more,
  };
}

/** The deployment and its one VM in the store, names resolved on the VIM; nothing built yet. */
export async function placeVm(world: VimWorld, group: VmGroupSpec = vmGroup()): Promise<OneVm> {
  const { store } = world.temp;
  const owner = tenant('t1', { vimMapping: false, vimProjectId: undefined, vimProjectName: undefined });
  const dep = deployment(deploymentId, {
    name: deploymentName,
    tenant: owner.name,
    spec: { ...spec(deploymentName), policies: { dependencies: [], placement: [] }, networks: [], vmGroups: [group] },
    networks: [],
  });
  await store.putTenant(owner);
  await store.putDeployment(dep);
  for (const vm of newVmRecords(dep, group, [0], isoTime(world.clock), randomUUID, [])) await store.putVm(vm);
  const t = await loadTarget(world.engineDeps(), dep.id);
  const refs = await resolveRefs(t, dep.spec);
  world.vim.calls.clear();
  return { t, vm: t.vms[0]!, refs };
}

/** `placeVm`, then built and alive (in its own operation); the call log starts empty. */
export async function builtVm(world: VimWorld, group: VmGroupSpec = vmGroup()): Promise<OneVm> {
  const placed = await placeVm(world, group);
  const ctx = world.context(await op(world, 'op-build'));
  await world.runOut(buildVms(ctx, world.engineDeps(), placed.t, [placed.vm], placed.refs));
  world.vim.calls.clear();
  return placed;
}

/** An operation on the deployment, stored (steps and events refer to it). */
export async function op(world: VimWorld, id: string, more: Partial<Operation> = {}): Promise<Operation> {
  const o = operation(id, { deploymentId, deploymentName, notify: { format: 'json' }, ...more });
  await world.temp.store.putOperation(o);
  return o;
}

/** The target as a restarted run loads it from the store. */
export function reloaded(world: VimWorld, t: Target): Promise<Target> {
  return loadTarget(world.engineDeps(), t.deployment.id);
}
