/**
 * The front door's lookups of recorded things by the names requests carry, each refusing with the
 * catalogue error that names what is missing (or belongs to another tenant).
 */
import type { Deployment, Tenant, Vm } from '../domain/entities.ts';
import { errors } from '../domain/errors.ts';
import type { Store } from '../store/store.ts';

/**
 * A VM by its generated name (unique across tenants) and its deployment; of the tenant's when one is
 * named (REST names it, NETCONF's VM RPCs do not).
 */
export async function vmOfTenant(store: Store, tenant: string | undefined, vmName: string): Promise<{ vm: Vm; deployment: Deployment }> {
  const vm = await store.getVmByName(vmName);
  const deployment = vm && (await store.getDeployment(vm.deploymentId));
  if (!vm || !deployment) throw tenant === undefined ? errors.vmNotFound(vmName) : errors.vmNotInTenant(vmName, tenant);
  if (tenant !== undefined && deployment.tenant !== tenant) throw errors.vmNotInTenant(vmName, tenant);
  return { vm, deployment };
}

export async function deploymentOfTenant(store: Store, tenant: string, name: string): Promise<Deployment> {
  if (!(await store.getTenant(tenant))) throw errors.tenantNotFound(tenant);
  const deployment = await store.getDeploymentByName(name);
  if (!deployment || deployment.tenant !== tenant) throw errors.deploymentNotInTenant(name, tenant);
  return deployment;
}

export async function deploymentByName(store: Store, name: string): Promise<Deployment> {
  const deployment = await store.getDeploymentByName(name);
  if (!deployment) throw errors.deploymentNotFound(name);
  return deployment;
}

export async function tenantOfDeployment(store: Store, deployment: Deployment): Promise<Tenant> {
  const tenant = await store.getTenant(deployment.tenant);
  if (!tenant) throw errors.tenantOfDeploymentMissing(deployment.tenant, deployment.name);
  return tenant;
}
