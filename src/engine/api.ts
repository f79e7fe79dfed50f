/**
 * The engine as the northbound adapters see it: one call per intent (architecture principle 1).
 * Every northbound adapter (today REST) calls these, and a new one calls the same with the same
 * arguments. Asynchronous intents return the
 * operation id (the ESC transaction id) as soon as the request is validated and written down;
 * the work goes on in the background and reports through events and callbacks.
 *
 * Refusals throw `DomainError` (NOT_FOUND, ALREADY_EXISTS, REFUSED_IN_STATE, INVALID_INPUT, ...)
 * before anything is stored.
 */
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import type { DeploymentView, Tenant } from '../domain/entities.ts';
import type { DomainEvent } from '../domain/event.ts';
import type { OpMode } from '../domain/op-mode.ts';
import type { NotifyTargets, Operation, ServiceAction } from '../domain/operation.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { VolumeFromSnapshotSpec } from '../domain/volume-from-snapshot.ts';
import type { ClusterInstance } from '../store/claims.ts';
export type { ClusterInstance };
import type { DeploymentFilter, EventFilter, Page, SnapshotFilter } from '../store/store.ts';

export type { OpMode, ServiceAction };

/** The events monitoring announces through `announceVm`. */
export type VmAnnouncement = Extract<DomainEvent['type'], 'VM_ALIVE' | 'VM_MANUAL_RECOVERY_NEEDED' | 'VM_DRIFT_DETECTED'>;

export interface Accepted {
  operationId: string;
}

export interface EngineApi {
  createTenant(req: { name: string; description?: string; vimMapping?: boolean; notify: NotifyTargets }): Promise<Accepted>;
  deleteTenant(req: { name: string; notify: NotifyTargets }): Promise<Accepted>;
  getTenant(name: string): Promise<Tenant>;
  listTenants(page?: Page): Promise<Tenant[]>;

  /** Deploys `spec` into `tenant`, creating the tenant when it does not exist (unified deployment). */
  deploy(req: { tenant: string; spec: DeploymentSpec; notify: NotifyTargets }): Promise<Accepted>;
  /** Service update: `spec` is the whole desired deployment. */
  update(req: { tenant: string; spec: DeploymentSpec; notify: NotifyTargets }): Promise<Accepted>;
  undeploy(req: { deploymentName: string; notify: NotifyTargets }): Promise<Accepted>;

  /** OPS-1..6: start, stop, reboot, enable/disable monitoring of a whole deployment. */
  serviceAction(req: { tenant: string; deploymentName: string; action: ServiceAction; notify: NotifyTargets }): Promise<Accepted>;
  /**
   * VMOP-1..3: the same on one VM, named by its generated name; `force` per VMOP-2. The VM name is
   * unique across tenants: REST names the tenant too (and is refused if the VM is not its), NETCONF's
   * vmAction, recoveryVmAction and vmBackupAction name only the VM, so `tenant` is optional here and below.
   */
  vmAction(req: { tenant?: string; vmName: string; action: ServiceAction; force: boolean; notify: NotifyTargets }): Promise<Accepted>;
  /**
   * IMPL-2: recovers one VM by its group's recovery_policy, now (an operator's manual recovery,
   * whatever the recovery_type; automatic recovery asks the same, `reason` saying why, for
   * VM_RECOVERY_INIT). Refused unless the VM is alive, in error or inert and no other
   * operation runs on its service, which is not stopped (OPS-3).
   */
  recoverVm(req: { tenant?: string; vmName: string; notify: NotifyTargets; reason?: string }): Promise<Accepted>;
  /**
   * COMP-4: rule-driven scaling (esc-interface.md §6.3): one VM added to (`out`) or taken from (`in`)
   * the group, as the rule engine asks when a KPI event fires; ESC has no northbound request for it.
   * Refused while the service is stopped or in a transitional state, for a group that is not elastic,
   * at `max_active` (out) and `min_active` (in). `reason` names what asked, for VM_SCALE_*_INIT.
   */
  scaleVmGroup(req: { deploymentName: string; group: string; direction: 'out' | 'in'; reason: string; notify: NotifyTargets }): Promise<Accepted>;
  /**
   * IMPL-2: monitoring tells the orchestrator something about one VM without acting on it — the VM
   * answers again (VM_ALIVE), its group's recovery_type is MANUAL (VM_MANUAL_RECOVERY_NEEDED), or
   * it was deleted, stopped or errored behind the manager's back (VM_DRIFT_DETECTED): one event,
   * stored before this resolves; no operation, nothing changed.
   */
  announceVm(req: { vmName: string; event: VmAnnouncement; message: string; kpi?: DomainEvent['kpi'] }): Promise<{ eventId: string }>;
  /** REST-1, REST-2: one VM restored from a snapshot (id or unique name), as a service update; VM_UPDATED, SERVICE_UPDATED. */
  restoreVm(req: { tenant: string; vmName: string; snapshot: string; notify: NotifyTargets }): Promise<Accepted>;

  /**
   * SNAP-2..4: a snapshot of one VM (alive or stopped), named `name`; runs on its deployment's queue.
   * With `export` (SNAP-5) the image is then copied out of the VIM (refused for a volume-booted VM).
   * `xmlFile`: an XML document (text) kept with the snapshot and written into an EXPORT's manifest
   * (SNAP-5 [I]); the edge checks it is well-formed, the engine bounds its size.
   */
  snapshot(req: { tenant?: string; vmName: string; name: string; export?: boolean; xmlFile?: string; notify: NotifyTargets }): Promise<Accepted>;
  /** SNAP-9: deletes the snapshot named by id, or by a name only it has. */
  deleteSnapshot(req: { ref: string; notify: NotifyTargets }): Promise<Accepted>;
  /**
   * REST-4: a Cinder volume from the boot volume snapshot of the snapshot named by id (or by a name
   * only it has); out of band (REST-3), reported by REST-only events (REST-5).
   */
  createVolumeFromSnapshot(req: { ref: string; spec: VolumeFromSnapshotSpec; notify: NotifyTargets }): Promise<Accepted>;
  /** SNAP-8: filtered and paged in the store. */
  listSnapshots(filter?: SnapshotFilter): Promise<Snapshot[]>;

  getDeployment(name: string): Promise<DeploymentView>;
  listDeployments(filter?: DeploymentFilter): Promise<DeploymentView[]>;

  getOperation(id: string): Promise<Operation>;
  listEvents(filter: EventFilter): Promise<DomainEvent[]>;
  /** The managers sharing the store and the operations each runs (issue 15 item 6). */
  cluster(): Promise<ClusterInstance[]>;
}

/**
 * The manager's administration as the edges see it (`escadm`, esc-interface.md §5.2): the operation
 * mode, and the database's backup and restore. Refusals throw `DomainError`s, as the engine's do.
 */
export interface AdminApi {
  opMode(): OpMode;
  /** Stored, so it survives a restart; with `iptCheck`, entering maintenance is refused while operations are in flight. */
  setOpMode(req: { mode: OpMode; iptCheck: boolean }): Promise<OpMode>;
  /** A consistent copy of the database into the new file `path`; in maintenance only. */
  backup(path: string): Promise<{ schemaVersion: number }>;
  /** The database replaced by the copy at `path` (maintenance, nothing in flight); its open operations resume. */
  restore(path: string): Promise<{ resumed: number }>;
}
