/**
 * The persistence boundary. Asynchronous so a PostgreSQL implementation satisfies it unchanged;
 * the SQLite one (`sqlite/`) is the embedded default. Every list filters and pages in SQL.
 *
 * Invariant: a write that must be atomic with another goes through `transaction`; inside it the
 * same `Store` methods are used on the transaction's handle.
 */
import type { Deployment, Tenant, Vm } from '../domain/entities.ts';
import type { DomainEvent } from '../domain/event.ts';
import type { OpMode } from '../domain/op-mode.ts';
import type { Operation, OperationStatus, StepRecord } from '../domain/operation.ts';
import type { Snapshot, SnapshotStatus } from '../domain/snapshot.ts';

export interface Page {
  limit?: number;
  offset?: number;
}

export interface DeploymentFilter extends Page {
  tenant?: string;
}

export interface VmFilter extends Page {
  deploymentId?: string;
  /**
   * The VMs of any of these deployments, ordered by deployment id, then creation: a list page reads
   * its VMs in one query, in the order of the deployment index, with no sort (issue 14).
   */
  deploymentIds?: readonly string[];
  group?: string;
}

/** SNAP-8: the snapshot list narrowed by tenant and VM; `name` finds a snapshot by its name (SNAP-4). */
export interface SnapshotFilter extends Page {
  tenant?: string;
  /** The generated name of the VM the snapshot was taken of. */
  vmName?: string;
  name?: string;
  /**
   * Only snapshots in one of these states. Not indexed: it narrows the tenant's or VM's rows in SQL,
   * so the others are never parsed (an undeploy looks for its unfinished snapshots among 10,000).
   */
  statuses?: readonly SnapshotStatus[];
}

export interface EventFilter {
  /** Only events with `seq` greater than this. */
  afterSeq?: number;
  /** Not indexed (issue 14: no REST or NETCONF read asks for it, every append would pay): tests and tools. */
  deploymentId?: string;
  deploymentName?: string;
  tenant?: string;
  /** Generated VM name, matched against `vm_source` or `vm_target`. */
  vmName?: string;
  /** Not indexed, as `deploymentId`. */
  operationId?: string;
  /**
   * Only events stamped at or after / at or before these times (the NETCONF replay window, RFC 5277).
   * ISO 8601 in UTC with milliseconds, as `Date.toISOString` writes and the store keeps them. A
   * reader paging a window moves `fromTime` up to the last event's time along with `afterSeq`.
   */
  fromTime?: string;
  toTime?: string;
  /** Leave out the REST-only events (REST-5): the NETCONF stream's view (`events/channels.ts`). */
  excludeRestOnly?: boolean;
  limit?: number;
}

/** Where `appendEvent` put an event: its `seq` and `time` as stored, and whether this call stored it. */
export interface AppendedEvent {
  seq: number;
  time: string;
  /** False when the id was already stored (a re-publish): `seq` and `time` are the first copy's. */
  inserted: boolean;
}

/** One HTTP callback waiting to be delivered (the durable outbox). */
export interface OutboxMessage {
  /** Stable id sent as `ESC-Event-Id`: receivers drop duplicates by it. */
  id: string;
  operationId?: string;
  eventSeq?: number;
  url: string;
  /**
   * What the receiver's order is kept within: messages to one URL with the same key are delivered
   * in enqueue order, different keys in parallel (the operation runner's key: one deployment, or one
   * tenant). Absent: the URL alone.
   */
  orderKey?: string;
  headers: Record<string, string>;
  body: string;
  attempts: number;
  /** Epoch milliseconds of the next try. */
  nextAttemptAt: number;
  createdAt: string;
  deliveredAt?: string;
  lastError?: string;
  /** Set when the retry budget is spent; the message stays for inspection. */
  abandonedAt?: string;
}

/** A pending message as the outbox's scan sees it (`Store.scanOutbox`). */
export interface OutboxScanRow {
  /** Enqueue order: the next page starts after the last row's. */
  seq: number;
  id: string;
  url: string;
  orderKey?: string;
  nextAttemptAt: number;
}

/**
 * Hears that events were appended by any process sharing the store (issue 15 item 3): a hint to
 * read on by `seq`, never the events themselves.
 */
export interface EventWatchListener {
  /** Events up to `seq` are stored; `undefined` after (re)connecting, when some may have been missed. */
  appended(seq: number | undefined): void;
  /** The watch lost its connection (it reconnects on its own, then calls `appended(undefined)`). */
  failed?(err: unknown): void;
}

export interface EventWatch {
  /** False when this process is the store's only writer (SQLite): there is nothing to hear. */
  readonly shared: boolean;
  close(): Promise<void>;
}

export interface Store {
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;

  getTenant(name: string): Promise<Tenant | undefined>;
  listTenants(page?: Page): Promise<Tenant[]>;
  /** Insert or replace by name. */
  putTenant(tenant: Tenant): Promise<void>;
  deleteTenant(name: string): Promise<void>;

  getDeployment(id: string): Promise<Deployment | undefined>;
  /** Deployment names are unique across tenants (REST ids are, esc-interface.md §1.1). */
  getDeploymentByName(name: string): Promise<Deployment | undefined>;
  listDeployments(filter?: DeploymentFilter): Promise<Deployment[]>;
  countDeployments(filter?: DeploymentFilter): Promise<number>;
  putDeployment(deployment: Deployment): Promise<void>;
  deleteDeployment(id: string): Promise<void>;

  getVm(id: string): Promise<Vm | undefined>;
  getVmByName(generatedName: string): Promise<Vm | undefined>;
  listVms(filter?: VmFilter): Promise<Vm[]>;
  putVm(vm: Vm): Promise<void>;
  deleteVm(id: string): Promise<void>;

  /** Snapshots keep their own copies of tenant and VM: no foreign key, they outlive both (SNAP-9). */
  getSnapshot(id: string): Promise<Snapshot | undefined>;
  listSnapshots(filter?: SnapshotFilter): Promise<Snapshot[]>;
  countSnapshots(filter?: SnapshotFilter): Promise<number>;
  /** Insert or replace by id. */
  putSnapshot(snapshot: Snapshot): Promise<void>;
  deleteSnapshot(id: string): Promise<void>;

  getOperation(id: string): Promise<Operation | undefined>;
  listOperations(filter: { status?: OperationStatus; deploymentId?: string } & Page): Promise<Operation[]>;
  putOperation(op: Operation): Promise<void>;

  getSteps(operationId: string): Promise<StepRecord[]>;
  /** Fails if (operationId, seq) is already recorded: a step is written once. */
  recordStep(step: StepRecord): Promise<void>;

  /**
   * Persists the event and assigns its `seq`. Its `time` is kept unless an event already stored is
   * later (a clock stepped back): then it takes that time, so time never decreases in `seq` order
   * and a replay by time misses nothing (RFC 5277). Idempotent on `event.id`: appending an id
   * already stored changes nothing and answers the stored `seq` and `time` (a re-publish after a crash).
   */
  appendEvent(event: DomainEvent): Promise<AppendedEvent>;
  /** In `seq` order. */
  listEvents(filter?: EventFilter): Promise<DomainEvent[]>;
  lastEventSeq(): Promise<number>;
  /** Deletes the events stamped before `time` (retention); returns how many. `seq` values are never reused. */
  deleteEventsBefore(time: string): Promise<number>;

  /**
   * Watches for events appended by other processes sharing the store (PostgreSQL: LISTEN on a
   * connection of its own). With SQLite nothing is shared: the watch says so and never calls.
   * Not on a transaction's handle.
   */
  watchEvents(listener: EventWatchListener): EventWatch;

  /** Idempotent on `message.id`: an id already stored is left as it is. */
  enqueueOutbox(message: OutboxMessage): Promise<void>;
  /**
   * The pending (undelivered, unabandoned) messages enqueued after `afterSeq` (0: from the first),
   * oldest first, at most `limit`, as light rows: what the outbox's scan needs to pick the heads it
   * sends, read from an index of the pending messages alone (issue 14).
   */
  scanOutbox(afterSeq: number, limit: number): Promise<OutboxScanRow[]>;
  /**
   * Takes a pending message for `owner` for `leaseMs` (the database's clock) so managers sharing the
   * store do not send it at once (issue 15 item 2): answers it as stored now, or `undefined` when it
   * is no longer pending, an older message of its order (URL and key) is still pending, or another
   * owner holds an unexpired claim on it. The owner may claim again to renew. `updateOutbox` ends
   * the claim. With SQLite (one manager) there are no claims: a pending head is answered as it is.
   * The outbox of a manager given no claims takes each head with owner '' and lease 0: a claim that
   * has expired as it is written, so it holds up no other owner.
   */
  claimOutbox(id: string, owner: string, leaseMs: number): Promise<OutboxMessage | undefined>;
  /** Also ends any claim on the message. */
  updateOutbox(message: OutboxMessage): Promise<void>;
  /** Oldest first (enqueue order); `pending` = neither delivered nor abandoned. */
  listOutbox(filter?: { pending?: boolean } & Page): Promise<OutboxMessage[]>;

  /** The operation mode (`escadm op_mode`): OPERATION until set; kept across restarts and restores. */
  getOpMode(): Promise<OpMode>;
  putOpMode(mode: OpMode): Promise<void>;
  /**
   * A consistent copy of the whole database written to the new file `path` while writers wait;
   * its schema version is returned for the backup's manifest. Not on a transaction's handle.
   */
  backupInto(path: string): Promise<{ schemaVersion: number }>;
  /**
   * Replaces every record with those of the copy at `path` (brought to this schema first; a newer
   * one is refused), all in one transaction; the operation mode stays as it is. The caller makes
   * sure no operation runs. Not on a transaction's handle.
   */
  restoreFrom(path: string): Promise<void>;
}
