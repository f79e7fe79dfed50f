/**
 * The deployment an operation works on, loaded once per run: tenant, deployment, VMs, its VIM and
 * the project scope calls act in. Changes to the deployment or one of its VMs are written through
 * here, so the store and the run's copy never disagree.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Deployment, DeploymentView, Tenant, Vm } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import type { Operation } from '../../domain/operation.ts';
import { isoTime } from '../../time/clock.ts';
import type { Scope, VimDriver } from '../../vim/driver.ts';
import { day0FilesOf, type Day0Sources } from './day0-files.ts';
import type { EngineDeps } from './deps.ts';

export interface Target {
  tenant: Tenant;
  deployment: Deployment;
  vms: Vm[];
  vim: VimDriver;
  scope: Scope;
  /** Where its day-0 templates may be read from (issue 13) and fetched with (issue 12 item 7). */
  day0: Day0Sources;
}

export async function loadTarget(deps: EngineDeps, deploymentId: string): Promise<Target> {
  const deployment = await deps.store.getDeployment(deploymentId);
  if (!deployment) throw errors.deploymentGone(deploymentId);
  const tenant = await deps.store.getTenant(deployment.tenant);
  if (!tenant) throw errors.tenantOfDeploymentGone(deployment.tenant, deployment.name);
  const vms = await deps.store.listVms({ deploymentId });
  return { tenant, deployment, vms, vim: deps.vims.get(deployment.vimConnector), scope: scopeOf(tenant), day0: { ...day0FilesOf(deps.config), fetch: deps.day0Fetch } };
}

export function scopeOf(tenant: Tenant): Scope {
  return tenant.vimMapping && tenant.vimProjectId ? { projectId: tenant.vimProjectId } : {};
}

/** The target of a single-VM operation and its VM, `vmId`. */
export async function loadTargetVm(deps: EngineDeps, op: Pick<Operation, 'deploymentId' | 'vmName'>, vmId: string): Promise<{ t: Target; vm: Vm }> {
  const t = await loadTarget(deps, op.deploymentId!);
  const vm = t.vms.find((v) => v.id === vmId);
  if (!vm) throw errors.vmGone(op.vmName);
  return { t, vm };
}

/** The group spec a VM of the target belongs to. */
export function groupOf(t: Pick<Target, 'deployment'>, vm: Pick<Vm, 'group'>): VmGroupSpec {
  const group = t.deployment.spec.vmGroups.find((g) => g.name === vm.group);
  if (!group) throw errors.groupMissing(vm.group, t.deployment.name);
  return group;
}

export function viewOf(t: Target): DeploymentView {
  return { tenant: t.tenant, deployment: t.deployment, vms: t.vms };
}

/** Records the VM and keeps the run's list of VMs current. */
export async function saveVm(deps: EngineDeps, t: Target, vm: Vm): Promise<void> {
  vm.updatedAt = isoTime(deps.clock);
  await deps.store.putVm(vm);
  const at = t.vms.findIndex((v) => v.id === vm.id);
  if (at >= 0) t.vms[at] = vm;
  else t.vms.push(vm);
}

export async function saveDeployment(deps: EngineDeps, t: Target): Promise<void> {
  t.deployment.updatedAt = isoTime(deps.clock);
  await deps.store.putDeployment(t.deployment);
}
