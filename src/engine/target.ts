/**
 * The deployment an operation works on, loaded once per run: tenant, deployment, VMs, its VIM and
 * the project scope calls act in. Also builds the events that name it (SNAP-7 fields), so every
 * workflow fills `depname`, `tenant_id`, `vm_source` ... the same way.
 */
import type { Deployment, DeploymentView, Tenant, Vm } from '../domain/entities.ts';
import type { DomainEvent, EventType, VmRef } from '../domain/event.ts';
import { DomainError } from '../domain/errors.ts';
import type { Scope, VimDriver } from '../vim/driver.ts';
import type { ServiceState } from '../domain/states.ts';
import { isoTime } from '../time/clock.ts';
import type { EngineDeps } from './deps.ts';
import type { Outcome } from './ports.ts';
import type { StepContext } from './step-context.ts';

export interface Target {
  tenant: Tenant;
  deployment: Deployment;
  vms: Vm[];
  vim: VimDriver;
  scope: Scope;
}

export async function loadTarget(deps: EngineDeps, deploymentId: string): Promise<Target> {
  const deployment = await deps.store.getDeployment(deploymentId);
  if (!deployment) throw new DomainError('NOT_FOUND', `deployment ${deploymentId} no longer exists`);
  const tenant = await deps.store.getTenant(deployment.tenant);
  if (!tenant) throw new DomainError('NOT_FOUND', `tenant [${deployment.tenant}] of deployment [${deployment.name}] no longer exists`);
  const vms = await deps.store.listVms({ deploymentId });
  return { tenant, deployment, vms, vim: deps.vims.get(deployment.vimConnector), scope: scopeOf(tenant) };
}

export function scopeOf(tenant: Tenant): Scope {
  return tenant.vimMapping && tenant.vimProjectId ? { projectId: tenant.vimProjectId } : {};
}

export function viewOf(t: Target): DeploymentView {
  return { tenant: t.tenant, deployment: t.deployment, vms: t.vms };
}

export function vmRef(t: Target, vm: Vm): VmRef {
  return {
    vmId: vm.serverId,
    vmName: vm.vimName,
    generatedName: vm.name,
    vimId: t.vim.id,
    vimProject: t.tenant.vimProjectName ?? t.tenant.name,
    vimProjectId: t.tenant.vimProjectId,
    hostId: vm.hostId,
    hostname: vm.hostname,
    interfaces: vm.interfaces.map((i) => ({
      nicid: i.nicid,
      type: i.type,
      portId: i.portId,
      network: i.networkId ?? i.network,
      subnet: i.subnetId ?? i.subnet,
      ipAddress: i.ipAddress,
      macAddress: i.macAddress,
      netmask: i.netmask,
      gateway: i.gateway,
    })),
  };
}

type EventBody = Omit<DomainEvent, 'id' | 'time' | 'operationId'>;

export interface Outcome3 {
  status: 'SUCCESS' | 'FAILURE';
  statusCode: number;
  statusMessage: string;
}

export function serviceEvent(t: Target, type: EventType, o: Outcome3): EventBody {
  return {
    type,
    ...o,
    tenant: t.tenant.name,
    tenantId: t.tenant.vimProjectId,
    deploymentName: t.deployment.name,
    deploymentId: t.deployment.id,
  };
}

export function vmEvent(t: Target, vm: Vm, type: EventType, o: Outcome3): EventBody {
  return { ...serviceEvent(t, type, o), vmGroup: vm.group, vmSource: vmRef(t, vm) };
}

export const ok = (statusMessage: string, statusCode = 200): Outcome3 => ({ status: 'SUCCESS', statusCode, statusMessage });
export const failed = (statusMessage: string, statusCode = 500): Outcome3 => ({ status: 'FAILURE', statusCode, statusMessage });

/**
 * Ends a service-level workflow: the deployment enters `state`, the service event reports the
 * outcome, and the outcome (with the view the completion callback carries) is returned.
 */
export async function finishService(
  ctx: { emit: StepContext['emit'] },
  deps: EngineDeps,
  t: Target,
  end: { state: ServiceState; event: EventType; key: string },
  outcome: Outcome3,
): Promise<Outcome> {
  t.deployment.state = end.state;
  t.deployment.updatedAt = isoTime(deps.clock);
  await deps.store.putDeployment(t.deployment);
  await ctx.emit(end.key, serviceEvent(t, end.event, outcome));
  return { ...outcome, view: viewOf(t) };
}
