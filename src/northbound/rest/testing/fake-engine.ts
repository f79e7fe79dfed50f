/**
 * A fake `EngineApi` for the REST route tests (house rule 12: fakes only at boundaries). It records
 * every call in order, so a test can assert that bad input never reached the engine, and keeps just
 * enough state to give the refusals the real engine gives (NOT_FOUND, ALREADY_EXISTS) and to read a
 * deployment back after a deploy. Lists and events are canned: filtering is the store's job, and
 * the tests assert the filter the route passed. `failNext` injects one error into the next call of
 * a method. Operation ids are `op-1`, `op-2`, … in order of acceptance.
 */
import type { DeploymentSpec } from '../../../domain/deployment-spec.ts';
import type { DeploymentView, Tenant } from '../../../domain/entities.ts';
import { errors } from '../../../domain/errors.ts';
import type { DomainEvent } from '../../../domain/event.ts';
import type { NotifyTargets, Operation, OperationKind } from '../../../domain/operation.ts';
import type { Snapshot } from '../../../domain/snapshot.ts';
import type { VolumeFromSnapshotSpec } from '../../../domain/volume-from-snapshot.ts';
import type { ServiceState } from '../../../domain/states.ts';
import type { Accepted, ClusterInstance, EngineApi, ServiceAction } from '../../../engine/api.ts';
import type { DeploymentFilter, EventFilter, Page, SnapshotFilter } from '../../../store/store.ts';
import { sampleTenant, sampleView } from './sample-views.ts';

type Method = keyof EngineApi;
export type EngineCall = { [M in Method]: { method: M; args: Parameters<EngineApi[M]> } }[Method];

export class FakeEngine implements EngineApi {
  readonly calls: EngineCall[] = [];
  readonly tenants = new Map<string, Tenant>();
  readonly views = new Map<string, DeploymentView>();
  readonly operations = new Map<string, Operation>();
  events: DomainEvent[] = [];
  snapshots: Snapshot[] = [];
  instances: ClusterInstance[] = [];
  readonly #failures = new Map<Method, Error>();

  /** The next call of `method` throws `error` (after being recorded). */
  failNext(method: Method, error: Error): void {
    this.#failures.set(method, error);
  }

  methodsCalled(): Method[] {
    return this.calls.map((c) => c.method);
  }

  async createTenant(req: { name: string; description?: string; vimMapping?: boolean; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'createTenant', args: [req] });
    if (this.tenants.has(req.name)) throw errors.tenantExists(req.name);
    this.tenants.set(req.name, { ...sampleTenant(req.name), description: req.description, vimMapping: req.vimMapping ?? true });
    return this.#accept('tenant.create', req.name, req.notify);
  }

  async deleteTenant(req: { name: string; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'deleteTenant', args: [req] });
    this.#tenant(req.name);
    return this.#accept('tenant.delete', req.name, req.notify);
  }

  async getTenant(name: string): Promise<Tenant> {
    this.#record({ method: 'getTenant', args: [name] });
    return this.#tenant(name);
  }

  async listTenants(page?: Page): Promise<Tenant[]> {
    this.#record({ method: 'listTenants', args: [page] });
    return [...this.tenants.values()];
  }

  async deploy(req: { tenant: string; spec: DeploymentSpec; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'deploy', args: [req] });
    if (this.views.has(req.spec.name)) throw errors.deploymentExists(req.spec.name);
    const tenant = this.tenants.get(req.tenant) ?? { ...sampleTenant(req.tenant), createdBy: 'deployment' as const };
    this.tenants.set(tenant.name, tenant);
    this.views.set(req.spec.name, sampleView({ tenant, spec: req.spec, state: 'SERVICE_DEPLOYING_STATE' }));
    return this.#accept('deploy', req.tenant, req.notify, req.spec.name);
  }

  async update(req: { tenant: string; spec: DeploymentSpec; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'update', args: [req] });
    this.#changeState(req.spec.name, 'SERVICE_UPDATING_STATE', req.spec);
    return this.#accept('update', req.tenant, req.notify, req.spec.name);
  }

  async undeploy(req: { deploymentName: string; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'undeploy', args: [req] });
    const view = this.#changeState(req.deploymentName, 'SERVICE_UNDEPLOYING_STATE');
    return this.#accept('undeploy', view.tenant.name, req.notify, req.deploymentName);
  }

  async serviceAction(req: { tenant: string; deploymentName: string; action: ServiceAction; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'serviceAction', args: [req] });
    const view = this.#view(req.deploymentName);
    if (view.tenant.name !== req.tenant) throw errors.deploymentNotInTenant(req.deploymentName, req.tenant);
    return this.#accept(`service.${req.action}`, req.tenant, req.notify, req.deploymentName);
  }

  async vmAction(req: { tenant: string; vmName: string; action: ServiceAction; force: boolean; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'vmAction', args: [req] });
    const view = this.#viewOfVm(req.tenant, req.vmName);
    return this.#accept(`vm.${req.action}`, req.tenant, req.notify, view.deployment.name);
  }

  async snapshot(req: { tenant: string; vmName: string; name: string; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'snapshot', args: [req] });
    const view = [...this.views.values()].find((v) => v.vms.some((vm) => vm.name === req.vmName));
    if (!view || view.tenant.name !== req.tenant) throw errors.vmNotInTenant(req.vmName, req.tenant);
    return this.#accept('vm.snapshot', req.tenant, req.notify, view.deployment.name);
  }

  async deleteSnapshot(req: { ref: string; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'deleteSnapshot', args: [req] });
    const found = this.snapshots.find((s) => s.id === req.ref || s.name === req.ref);
    if (!found) throw errors.snapshotNotFound(req.ref);
    return this.#accept('snapshot.delete', found.tenant, req.notify);
  }

  async createVolumeFromSnapshot(req: { ref: string; spec: VolumeFromSnapshotSpec; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'createVolumeFromSnapshot', args: [req] });
    const found = this.snapshots.find((s) => s.id === req.ref || s.name === req.ref);
    if (!found) throw errors.snapshotNotFound(req.ref);
    return this.#accept('volume.fromSnapshot', found.tenant, req.notify);
  }

  async listSnapshots(filter?: SnapshotFilter): Promise<Snapshot[]> {
    this.#record({ method: 'listSnapshots', args: [filter] });
    return this.snapshots;
  }

  async recoverVm(req: { tenant: string; vmName: string; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'recoverVm', args: [req] });
    const view = this.#viewOfVm(req.tenant, req.vmName);
    return this.#accept('vm.recover', req.tenant, req.notify, view.deployment.name);
  }

  async scaleVmGroup(req: { deploymentName: string; group: string; direction: 'out' | 'in'; reason: string; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'scaleVmGroup', args: [req] });
    const view = this.#view(req.deploymentName);
    return this.#accept(req.direction === 'out' ? 'vm.scaleOut' : 'vm.scaleIn', view.deployment.tenant, req.notify, view.deployment.name);
  }

  /** No edge asks this (monitoring does); recorded for completeness of the port. */
  async announceVm(req: Parameters<EngineApi['announceVm']>[0]): Promise<{ eventId: string }> {
    this.#record({ method: 'announceVm', args: [req] });
    return { eventId: 'announced' };
  }

  async restoreVm(req: { tenant: string; vmName: string; snapshot: string; notify: NotifyTargets }): Promise<Accepted> {
    this.#record({ method: 'restoreVm', args: [req] });
    const view = this.#viewOfVm(req.tenant, req.vmName);
    return this.#accept('update', req.tenant, req.notify, view.deployment.name);
  }

  async getDeployment(name: string): Promise<DeploymentView> {
    this.#record({ method: 'getDeployment', args: [name] });
    return this.#view(name);
  }

  async listDeployments(filter?: DeploymentFilter): Promise<DeploymentView[]> {
    this.#record({ method: 'listDeployments', args: [filter] });
    return [...this.views.values()];
  }

  async getOperation(id: string): Promise<Operation> {
    this.#record({ method: 'getOperation', args: [id] });
    const op = this.operations.get(id);
    if (!op) throw errors.operationNotFound(id);
    return op;
  }

  async listEvents(filter: EventFilter): Promise<DomainEvent[]> {
    this.#record({ method: 'listEvents', args: [filter] });
    return this.events;
  }

  async cluster(): Promise<ClusterInstance[]> {
    this.#record({ method: 'cluster', args: [] });
    return this.instances;
  }

  #record(call: EngineCall): void {
    this.calls.push(call);
    const failure = this.#failures.get(call.method);
    if (failure) {
      this.#failures.delete(call.method);
      throw failure;
    }
  }

  #tenant(name: string): Tenant {
    const tenant = this.tenants.get(name);
    if (!tenant) throw errors.tenantNotFound(name);
    return tenant;
  }

  #viewOfVm(tenant: string, vmName: string): DeploymentView {
    const view = [...this.views.values()].find((v) => v.vms.some((vm) => vm.name === vmName));
    if (!view || view.tenant.name !== tenant) throw errors.vmNotInTenant(vmName, tenant);
    return view;
  }

  #view(name: string): DeploymentView {
    const view = this.views.get(name);
    if (!view) throw errors.deploymentNotFound(name);
    return view;
  }

  #changeState(name: string, state: ServiceState, spec?: DeploymentSpec): DeploymentView {
    const view = this.#view(name);
    const changed = { ...view, deployment: { ...view.deployment, state, spec: spec ?? view.deployment.spec } };
    this.views.set(name, changed);
    return changed;
  }

  #accept(kind: OperationKind, tenant: string, notify: NotifyTargets, deploymentName?: string): Accepted {
    const id = `op-${this.operations.size + 1}`;
    const at = sampleTenant(tenant).createdAt;
    this.operations.set(id, {
      id, kind, tenant, deploymentName, status: 'RUNNING', input: null, notify, resumes: 0, createdAt: at, updatedAt: at,
    });
    return { operationId: id };
  }
}
