/**
 * The engine's front door (EngineApi). Each intent is checked against the domain rules and the
 * store, and — only when it is allowed — written down as an operation together with the records
 * it creates, in one transaction, before any VIM call; then handed to the runner. Refusals throw a
 * DomainError and change nothing.
 */
import { randomUUID } from 'node:crypto';
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import type { Deployment, DeploymentView, Tenant, Vm } from '../domain/entities.ts';
import { errors } from '../domain/errors.ts';
import type { DomainEvent } from '../domain/event.ts';
import { minActiveRefusal } from '../domain/min-active.ts';
import type { NotifyTargets, Operation, OperationKind, ServiceAction } from '../domain/operation.ts';
import { recoveryDecision } from '../domain/recovery-policy.ts';
import { serviceDecision, type ServiceOperation } from '../domain/service-transitions.ts';
import { planRestore, restoreNeeding } from '../domain/restore.ts';
import { specsOnUpdate, updateBases } from '../domain/update-base.ts';
import { planUpdate, recordedPlan, vmsWithAddedInterfaces } from '../domain/update-plan.ts';
import { newVmRecords, nextIndexes } from '../domain/vm-records.ts';
import { bootsFromVolume, newSnapshotRecord, snapshotBusy, snapshotNameProblem, type Snapshot } from '../domain/snapshot.ts';
import { vmDecision } from '../domain/vm-transitions.ts';
import type { VolumeFromSnapshotSpec } from '../domain/volume-from-snapshot.ts';
import type { DeploymentFilter, EventFilter, Page, SnapshotFilter, Store } from '../store/store.ts';
import { isoTime } from '../time/clock.ts';
import { isRunning, refuseWhileSnapshotted, snapshotByRef } from './snapshot-lookup.ts';
import { deploymentByName, deploymentOfTenant, tenantOfDeployment, vmOfTenant } from './record-lookup.ts';
import type { Accepted, EngineApi, VmAnnouncement } from './api.ts';
import { announceVm } from './announce-intent.ts';
import type { EngineDeps } from './deployment/deps.ts';
import { scopeOf } from './deployment/target.ts';
import { OperationRunner, type RunnerOptions } from './runtime/operation-runner.ts';
import type { Claims, ClusterInstance } from '../store/claims.ts';
import { guardedVims } from './deployment/guarded-vims.ts';
import { checkRestoreOnVim } from './restore-intent.ts';
import { checkDeployOnVim } from './deploy-intent.ts';
import { checkUpdateOnVim } from './update-intent.ts';
import { acceptScale, type ScaleRequest } from './scale-intent.ts';
import { refuseIpPools, vimSubnetsOfPools } from './pool-intent.ts';
import { checkDeploymentInput, checkProjectName, checkTenantRoom, checkXmlFileSize } from './input-bounds.ts';
import type { TenantInput } from './workflows/tenant.ts';
import type { UndeployInput } from './workflows/undeploy.ts';
import type { SnapshotInput } from './workflows/snapshot-create.ts';
import type { VmActionInput } from './workflows/vm-action.ts';
import type { VmRecoveryInput } from './workflows/vm-recovery.ts';
import { workflows } from './workflow-registry.ts';
import { volumeFromSnapshotInput } from './volume-from-snapshot-intent.ts';

export class Engine implements EngineApi {
  readonly runner: OperationRunner<EngineDeps>;
  #deps: EngineDeps;

  #onAccepted?: (op: Operation) => void;

  constructor(
    deps: EngineDeps,
    opts: { onAccepted?: (op: Operation) => void; onFinished?: (op: Operation) => void; claims?: Claims; counters?: RunnerOptions<EngineDeps>['counters']; onMembers?: RunnerOptions<EngineDeps>['onMembers'] } = {},
  ) {
    this.#deps = deps;
    this.#onAccepted = opts.onAccepted;
    this.runner = new OperationRunner({
      deps,
      workflows,
      onFinished: opts.onFinished,
      claims: opts.claims,
      counters: opts.counters,
      onMembers: opts.onMembers,
      forRun: (runDeps, guard) => ({ ...runDeps, vims: guardedVims(runDeps.vims, guard) }),
    });
  }

  /** The managers sharing the store, with the operations each runs (issue 15 item 6); with SQLite, this one. */
  cluster(): Promise<ClusterInstance[]> {
    return this.runner.claims.instances();
  }

  /** Resumes every operation a previous process left open (IMPL-4). */
  start(): Promise<number> {
    return this.runner.resumeAll();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async createTenant(req: { name: string; description?: string; vimMapping?: boolean; notify: NotifyTargets }): Promise<Accepted> {
    return this.#accept(async (tx) => {
      if (await tx.getTenant(req.name)) throw errors.tenantExists(req.name);
      const tenant = this.#newTenant(req.name, 'api', req.vimMapping ?? true, req.description);
      await tx.putTenant(tenant);
      const input: TenantInput = { tenant, vimConnector: this.#deps.vims.defaultId() };
      return this.#operation('tenant.create', { tenant: tenant.name, input, notify: req.notify });
    });
  }

  async deleteTenant(req: { name: string; notify: NotifyTargets }): Promise<Accepted> {
    return this.#accept(async (tx) => {
      const tenant = await tx.getTenant(req.name);
      if (!tenant) throw errors.tenantNotFound(req.name);
      const count = await tx.countDeployments({ tenant: req.name });
      if (count > 0) throw errors.tenantHasDeployments(req.name, count);
      const snapshots = await tx.countSnapshots({ tenant: req.name });
      if (snapshots > 0) throw errors.tenantHasSnapshots(req.name, snapshots);
      const input: TenantInput = { tenant, vimConnector: this.#deps.vims.defaultId() };
      return this.#operation('tenant.delete', { tenant: tenant.name, input, notify: req.notify });
    });
  }

  async getTenant(name: string): Promise<Tenant> {
    const tenant = await this.#deps.store.getTenant(name);
    if (!tenant) throw errors.tenantNotFound(name);
    return tenant;
  }

  listTenants(page?: Page): Promise<Tenant[]> {
    return this.#deps.store.listTenants(page);
  }

  async deploy(req: { tenant: string; spec: DeploymentSpec; notify: NotifyTargets }): Promise<Accepted> {
    await checkDeploymentInput(this.#deps, req.spec);
    await checkDeployOnVim(this.#deps, req.tenant, req.spec);
    const poolSubnets = await vimSubnetsOfPools(this.#deps, req.tenant, req.spec);
    return this.#accept(async (tx) => {
      if (await tx.getDeploymentByName(req.spec.name)) throw errors.deploymentExists(req.spec.name);
      await checkTenantRoom(this.#deps, tx, req.tenant);
      let tenant = await tx.getTenant(req.tenant);
      if (!tenant) {
        tenant = this.#newTenant(req.tenant, 'deployment', true);
        await tx.putTenant(tenant);
      }
      const now = isoTime(this.#deps.clock);
      const deployment: Deployment = {
        id: randomUUID(),
        name: req.spec.name,
        tenant: tenant.name,
        state: this.#decide('SERVICE_UNDEF_STATE', 'deploy', req.spec.name),
        spec: req.spec,
        vimConnector: this.#deps.vims.defaultId(),
        networks: [],
        createdAt: now,
        updatedAt: now,
      };
      refuseIpPools(req.spec, [], poolSubnets);
      await tx.putDeployment(deployment);
      const vms: Vm[] = [];
      for (const group of req.spec.vmGroups) vms.push(...newVmRecords(deployment, group, nextIndexes([], group.name, group.scaling.minActive), now, randomUUID, vms));
      for (const vm of vms) await tx.putVm(vm);
      return this.#operation('deploy', { tenant: tenant.name, deployment, input: null, notify: req.notify });
    });
  }

  async update(req: { tenant: string; spec: DeploymentSpec; notify: NotifyTargets }): Promise<Accepted> {
    await checkDeploymentInput(this.#deps, req.spec);
    await checkUpdateOnVim(this.#deps, req.tenant, req.spec);
    const poolSubnets = await vimSubnetsOfPools(this.#deps, req.tenant, req.spec);
    return this.#accept(async (tx) => {
      const deployment = await deploymentByName(tx, req.spec.name);
      if (deployment.tenant !== req.tenant)
        throw errors.deploymentOfOtherTenant(deployment.name, deployment.tenant, req.tenant);
      const vms = await tx.listVms({ deploymentId: deployment.id });
      const from = updateBases(deployment);
      const planned = planUpdate(from.applied, req.spec, vms, from.requested);
      refuseIpPools(req.spec, vms, poolSubnets);
      Object.assign(deployment, specsOnUpdate(deployment, req.spec));
      await this.#enter(tx, deployment, 'update');
      const grown = vmsWithAddedInterfaces(req.spec, planned, vms, deployment.updatedAt);
      const added: Vm[] = [];
      for (const { group, count } of planned.add)
        added.push(...newVmRecords(deployment, group, nextIndexes(vms, group.name, count), deployment.updatedAt, randomUUID, [...vms, ...grown, ...added]));
      for (const vm of [...grown, ...added]) await tx.putVm(vm);
      const input = recordedPlan(planned, added.map((v) => v.id));
      return this.#operation('update', { tenant: deployment.tenant, deployment, input, notify: req.notify });
    });
  }

  async undeploy(req: { deploymentName: string; notify: NotifyTargets }): Promise<Accepted> {
    return this.#accept(async (tx) => {
      const deployment = await deploymentByName(tx, req.deploymentName);
      const view: DeploymentView = { tenant: await tenantOfDeployment(tx, deployment), deployment: { ...deployment }, vms: await tx.listVms({ deploymentId: deployment.id }) };
      await this.#enter(tx, deployment, 'undeploy');
      const input: UndeployInput = { view };
      return this.#operation('undeploy', { tenant: deployment.tenant, deployment, input, notify: req.notify });
    }, (op) => this.runner.cancel(OperationRunner.keyOf(op), errors.deploymentBeingUndeployed(req.deploymentName), op.id));
  }

  async serviceAction(req: { tenant: string; deploymentName: string; action: ServiceAction; notify: NotifyTargets }): Promise<Accepted> {
    return this.#accept(async (tx) => {
      const deployment = await deploymentOfTenant(tx, req.tenant, req.deploymentName);
      await this.#enter(tx, deployment, req.action);
      return this.#operation(`service.${req.action}`, { tenant: deployment.tenant, deployment, input: null, notify: req.notify });
    });
  }

  async vmAction(req: { tenant?: string; vmName: string; action: ServiceAction; force: boolean; notify: NotifyTargets }): Promise<Accepted> {
    return this.#accept(async (tx) => {
      const { vm, deployment } = await vmOfTenant(tx, req.tenant, req.vmName);
      this.#decide(deployment.state, 'vmOperation', deployment.name);
      await refuseWhileSnapshotted(tx, vm.name);
      const decision = vmDecision(vm.state, req.action, { force: req.force });
      if (!decision.allowed) throw errors.vmRefused(req.action, vm.name, decision.reason);
      const group = deployment.spec.vmGroups.find((g) => g.name === vm.group);
      const refusal = minActiveRefusal({ action: req.action, force: req.force, vm }, group, await tx.listVms({ deploymentId: deployment.id, group: vm.group }));
      if (refusal) throw refusal;
      vm.state = decision.next;
      vm.updatedAt = isoTime(this.#deps.clock);
      await tx.putVm(vm);
      const input: VmActionInput = { vmId: vm.id, action: req.action, force: req.force };
      return { ...this.#operation(`vm.${req.action}`, { tenant: deployment.tenant, deployment, input, notify: req.notify }), vmName: vm.name };
    });
  }

  async snapshot(req: { tenant?: string; vmName: string; name: string; export?: boolean; xmlFile?: string; notify: NotifyTargets }): Promise<Accepted> {
    const problem = snapshotNameProblem(req.name);
    if (problem) throw errors.snapshotNameInvalid(problem);
    checkXmlFileSize(this.#deps, req.xmlFile);
    return this.#accept(async (tx) => {
      const { vm, deployment } = await vmOfTenant(tx, req.tenant, req.vmName);
      const tenant = await tenantOfDeployment(tx, deployment);
      this.#decide(deployment.state, 'snapshot', deployment.name);
      const decision = vmDecision(vm.state, 'snapshot');
      if (!decision.allowed) throw errors.vmRefused('snapshot', vm.name, decision.reason);
      await refuseWhileSnapshotted(tx, vm.name);
      if (!vm.serverId) throw errors.snapshotVmWithoutServer(vm.name);
      if (req.export && bootsFromVolume(vm)) throw errors.exportOfVolumeBootedVm(vm.name);
      const snapshotId = randomUUID();
      const input: SnapshotInput = { snapshotId, export: req.export };
      const op = { ...this.#operation('vm.snapshot', { tenant: deployment.tenant, deployment, input, notify: req.notify }), vmName: vm.name };
      const snapshot = newSnapshotRecord({
        id: snapshotId, name: req.name, tenant, deployment, vm: { ...vm, serverId: vm.serverId }, operation: op, scopeProjectId: scopeOf(tenant).projectId, xmlFile: req.xmlFile,
      });
      await tx.putSnapshot(snapshot);
      return op;
    });
  }

  async deleteSnapshot(req: { ref: string; notify: NotifyTargets }): Promise<Accepted> {
    return this.#accept(async (tx) => {
      const snapshot = await snapshotByRef(tx, req.ref);
      if (snapshotBusy(snapshot) && (await isRunning(tx, snapshot.operationId))) throw errors.snapshotBusy(snapshot.id, snapshot.status);
      const restore = restoreNeeding(snapshot.id, await tx.listOperations({ status: 'RUNNING' }));
      if (restore) throw errors.snapshotNeededByRestore(snapshot.id, restore.id);
      const input: SnapshotInput = { snapshotId: snapshot.id };
      // Queued with the tenant's operations, not the deployment's: the snapshot outlives it (SNAP-9).
      const op = {
        ...this.#operation('snapshot.delete', { tenant: snapshot.tenant, input, notify: req.notify }),
        deploymentName: snapshot.deploymentName,
        vmName: snapshot.vmName,
      };
      snapshot.status = 'deleting';
      snapshot.statusMessage = `Snapshot image [${snapshot.id}] is being deleted.`;
      snapshot.operationId = op.id;
      await tx.putSnapshot(snapshot);
      return op;
    });
  }

  async createVolumeFromSnapshot(req: { ref: string; spec: VolumeFromSnapshotSpec; notify: NotifyTargets }): Promise<Accepted> {
    return this.#accept(async (tx) => {
      const s = await snapshotByRef(tx, req.ref);
      const input = volumeFromSnapshotInput(s, await isRunning(tx, s.operationId), req.spec);
      return this.#operation('volume.fromSnapshot', { tenant: s.tenant, input, notify: req.notify });
    });
  }

  listSnapshots(filter?: SnapshotFilter): Promise<Snapshot[]> {
    return this.#deps.store.listSnapshots(filter);
  }

  async recoverVm(req: { tenant?: string; vmName: string; notify: NotifyTargets; reason?: string }): Promise<Accepted> {
    return this.#accept(async (tx) => {
      const { vm, deployment } = await vmOfTenant(tx, req.tenant, req.vmName);
      await refuseWhileSnapshotted(tx, vm.name);
      const decision = recoveryDecision(deployment.state, vm.state);
      if (!decision.allowed) throw errors.recoveryRefused(vm.name, decision.reason);
      vm.state = decision.next;
      vm.updatedAt = isoTime(this.#deps.clock);
      await tx.putVm(vm);
      const input: VmRecoveryInput = { vmId: vm.id, reason: req.reason ?? 'requested by the operator' };
      return { ...this.#operation('vm.recover', { tenant: deployment.tenant, deployment, input, notify: req.notify }), vmName: vm.name };
    });
  }

  /** COMP-4: one VM added to or taken from a group, as a rule asks (ESC has no northbound request for it). */
  async scaleVmGroup(req: ScaleRequest & { notify: NotifyTargets }): Promise<Accepted> {
    return this.#accept(async (tx) => {
      const s = await acceptScale(tx, this.#deps.clock, req);
      return { ...this.#operation(s.kind, { tenant: s.deployment.tenant, deployment: s.deployment, input: s.input, notify: req.notify }), vmName: s.vmName };
    });
  }

  announceVm(req: { vmName: string; event: VmAnnouncement; message: string; kpi?: DomainEvent['kpi'] }): Promise<{ eventId: string }> {
    return announceVm(this.#deps, req);
  }

  /** REST-1, REST-2: a VM restored from a snapshot (id, or unique name) as an update of its group; planned again in the transaction. */
  async restoreVm(req: { tenant: string; vmName: string; snapshot: string; notify: NotifyTargets }): Promise<Accepted> {
    const first = await this.#planRestore(this.#deps.store, req);
    await checkRestoreOnVim(this.#deps, first.snapshot, first.plan);
    return this.#accept(async (tx) => {
      const { vm, deployment, spec, plan } = await this.#planRestore(tx, req);
      deployment.spec = spec;
      await this.#enter(tx, deployment, 'update');
      return { ...this.#operation('update', { tenant: deployment.tenant, deployment, input: plan, notify: req.notify }), vmName: vm.name };
    });
  }

  async #planRestore(store: Store, req: { tenant: string; vmName: string; snapshot: string }) {
    const { vm, deployment } = await vmOfTenant(store, req.tenant, req.vmName);
    await refuseWhileSnapshotted(store, vm.name);
    const snapshot = await snapshotByRef(store, req.snapshot);
    return { vm, deployment, snapshot, ...planRestore(deployment, vm, (await store.listVms({ deploymentId: deployment.id, group: vm.group })).length, snapshot) };
  }

  async getDeployment(name: string): Promise<DeploymentView> {
    const deployment = await deploymentByName(this.#deps.store, name);
    return this.#view(deployment);
  }

  /** A page costs one VM query and one read per tenant, not two reads per deployment (issue 14). */
  async listDeployments(filter?: DeploymentFilter): Promise<DeploymentView[]> {
    const { store } = this.#deps;
    const deployments = await store.listDeployments(filter);
    if (deployments.length === 0) return [];
    const vms = new Map<string, Vm[]>(deployments.map((d) => [d.id, []]));
    for (const vm of await store.listVms({ deploymentIds: deployments.map((d) => d.id) })) vms.get(vm.deploymentId)?.push(vm);
    const tenants = new Map<string, Promise<Tenant>>();
    const tenantOf = (d: Deployment) => tenants.get(d.tenant) ?? tenants.set(d.tenant, tenantOfDeployment(store, d)).get(d.tenant)!;
    return Promise.all(deployments.map(async (d) => ({ tenant: await tenantOf(d), deployment: d, vms: vms.get(d.id)! })));
  }

  async getOperation(id: string): Promise<Operation> {
    const op = await this.#deps.store.getOperation(id);
    if (!op) throw errors.operationNotFound(id);
    return op;
  }

  listEvents(filter: EventFilter): Promise<DomainEvent[]> {
    return this.#deps.store.listEvents(filter);
  }

  /** Runs the checks and writes in one transaction, then (after commit) starts the operation. */
  async #accept(write: (tx: Store) => Promise<Operation>, beforeSubmit?: (op: Operation) => void): Promise<Accepted> {
    const op = await this.#deps.store.transaction(async (tx) => {
      const op = await write(tx);
      await tx.putOperation(op);
      return op;
    });
    beforeSubmit?.(op);
    this.#onAccepted?.(op);
    this.runner.submit(op);
    return { operationId: op.id };
  }

  #operation(kind: OperationKind, o: { tenant: string; deployment?: Deployment; input: unknown; notify: NotifyTargets }): Operation {
    const now = isoTime(this.#deps.clock);
    return {
      id: randomUUID(),
      kind,
      tenant: o.tenant,
      deploymentId: o.deployment?.id,
      deploymentName: o.deployment?.name,
      status: 'RUNNING',
      input: o.input,
      notify: o.notify,
      resumes: 0,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** The deployment enters the state the table gives for `op` (or the request is refused). */
  async #enter(tx: Store, deployment: Deployment, op: ServiceOperation): Promise<void> {
    deployment.state = this.#decide(deployment.state, op, deployment.name);
    deployment.updatedAt = isoTime(this.#deps.clock);
    await tx.putDeployment(deployment);
  }

  #decide(state: Deployment['state'], op: ServiceOperation, name: string): Deployment['state'] {
    const d = serviceDecision(state, op);
    if (!d.allowed) throw errors.deploymentRefused(op, name, d.reason);
    return d.next;
  }

  async #view(deployment: Deployment): Promise<DeploymentView> {
    const [tenant, vms] = await Promise.all([tenantOfDeployment(this.#deps.store, deployment), this.#deps.store.listVms({ deploymentId: deployment.id })]);
    return { tenant, deployment, vms };
  }

  #newTenant(name: string, createdBy: Tenant['createdBy'], vimMapping: boolean, description?: string): Tenant {
    checkProjectName(name, vimMapping);
    return { name, id: randomUUID(), description, enabled: true, vimMapping, createdBy, createdAt: isoTime(this.#deps.clock) };
  }
}
