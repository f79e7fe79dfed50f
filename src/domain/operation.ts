import type { DeploymentView, Tenant } from './entities.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * A durable operation: one accepted northbound request (its id is the ESC transaction id).
 * It is written down before the VIM is touched; its steps are recorded one by one so a restart
 * resumes it where it stopped (architecture principle 2).
 */
export const operationKinds = [
  'deploy',
  'update',
  'undeploy',
  'tenant.create',
  'tenant.delete',
  'service.start',
  'service.stop',
  'service.reboot',
  'service.enableMonitor',
  'service.disableMonitor',
  'vm.start',
  'vm.stop',
  'vm.reboot',
  'vm.enableMonitor',
  'vm.disableMonitor',
  'vm.snapshot',
  'snapshot.delete',
  'vm.recover',
  'volume.fromSnapshot',
  'vm.scaleOut',
  'vm.scaleIn',
] as const;
export type OperationKind = (typeof operationKinds)[number];

/** What a service or VM operation does to each VM (OPS-1..6, VMOP-1..3). */
export type ServiceAction = 'start' | 'stop' | 'reboot' | 'enableMonitor' | 'disableMonitor';

export function isMonitoring(action: ServiceAction): action is 'enableMonitor' | 'disableMonitor' {
  return action === 'enableMonitor' || action === 'disableMonitor';
}

export const operationStatuses = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type OperationStatus = (typeof operationStatuses)[number];

/** Where and how to report an operation (the REST `callback` / `Callback-ESC-Events` headers). */
export interface NotifyTargets {
  completionUrl?: string;
  eventsUrl?: string;
  /** The request's format: the completion callback carries the resource in it. */
  format: 'xml' | 'json';
}

export interface Operation {
  id: string;
  kind: OperationKind;
  tenant: string;
  deploymentId?: string;
  deploymentName?: string;
  vmName?: string;
  status: OperationStatus;
  /** The validated request, as JSON-safe data. */
  input: unknown;
  notify: NotifyTargets;
  /** How many times a restart resumed it; past the limit it fails (poison operation). */
  resumes: number;
  error?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/** How an operation ended, and the resource its completion callback carries. */
export interface OperationOutcome {
  status: 'SUCCESS' | 'FAILURE';
  statusCode: number;
  statusMessage: string;
  view?: DeploymentView;
  tenant?: Tenant;
  /** A snapshot operation's snapshot (SNAP-2: the completion callback carries it). */
  snapshot?: Snapshot;
}

export interface StepRecord {
  operationId: string;
  seq: number;
  name: string;
  status: 'done' | 'failed';
  output?: unknown;
  error?: string;
  at: string;
}

export function isOpen(op: Pick<Operation, 'status'>): boolean {
  return op.status === 'RUNNING';
}
