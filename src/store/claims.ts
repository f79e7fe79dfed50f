/**
 * Which manager runs which operations (issue 15 item 2): the claims port. With SQLite one manager
 * owns everything (`engine/runtime/solo-claims.ts`); on PostgreSQL several share the database
 * (`postgres/claims.ts`): each registers an instance, renews it by heartbeat, and owns run keys
 * (one deployment, or one tenant: `OperationRunner.keyOf`) by a lease with a fencing epoch. The
 * owner of a key runs its RUNNING operations in accepted order, so work on one deployment stays
 * serialized across the cluster; an instance whose heartbeat is older than `ha.lease.secs` (by the
 * database's clock) has its keys taken over.
 */
import type { Operation } from '../domain/operation.ts';
import type { Store } from './store.ts';

/** The right to run one key's operations; `epoch` grows at every takeover of the key. */
export interface Lease {
  key: string;
  owner: string;
  epoch: number;
}

/** A RUNNING operation of a key this instance owns, with the lease its writes are fenced by. */
export interface OwnedOperation {
  op: Operation;
  lease: Lease;
}

/** What one claim round took: keys that were free, and keys taken from an instance that stopped heartbeating. */
export interface Claimed {
  claimed: Lease[];
  takenOver: Lease[];
}

/** An undeploy accepted by another instance, asking the owner to cancel what runs on `key` before it. */
export interface CancelRequest {
  key: string;
  /** The undeploy that asked: it is not cancelled itself. */
  byOperation: string;
  reason: string;
}

/** One manager of the cluster, as `GET /ESCManager/v0/cluster` shows it. */
export interface ClusterInstance {
  id: string;
  host: string;
  heartbeatAgeMs: number;
  /** The RUNNING operations of the keys it owns, in accepted order. */
  operations: string[];
}

export interface Claims {
  /** False for the one-manager store: every operation is this process's, and nothing else applies. */
  readonly shared: boolean;
  /**
   * This instance's id (fresh at each registration; empty before the first): the manager's one
   * identity among those sharing the store, which its callback outbox claims messages under too.
   */
  instanceId(): string;
  /** Registers a new instance (a fresh random id) and starts its heartbeat. */
  start(): Promise<void>;
  /**
   * Renews this instance's heartbeat. `lost`: its row was gone or judged dead (it was paused past
   * its lease), so every lease it held is another's now; it has registered again under a new id,
   * and the outbox messages it had claimed are claimed under that id.
   */
  heartbeat(): Promise<'alive' | 'lost'>;
  /** Whether the last successful heartbeat is recent enough to act on the VIM (checked before each VIM call; no I/O). */
  fresh(): boolean;
  /** Claims free keys and takes over those of dead instances (`FOR UPDATE SKIP LOCKED`). */
  claim(): Promise<Claimed>;
  /** The RUNNING operations of every key this instance owns, in accepted order. */
  owned(): Promise<OwnedOperation[]>;
  /** Gives `lease` up when its key has no RUNNING operation left; false when one is there (it stays owned). */
  release(lease: Lease): Promise<boolean>;
  /**
   * A store whose every write first checks, in its own transaction, that `lease` is still held;
   * when it is not, `onLost` is called and the write fails with `leaseLost`.
   */
  fenced(lease: Lease, onLost: () => void): Store;
  /** Asks the owner of `key` to cancel what runs there before `byOperation`. */
  requestCancel(request: CancelRequest): Promise<void>;
  /** The cancel requests on keys this instance owns, removed as they are handed out. */
  takeCancelRequests(): Promise<CancelRequest[]>;
  instances(): Promise<ClusterInstance[]>;
  /** Stops heartbeating and removes this instance's row, so its keys are taken over at once. */
  stop(): Promise<void>;
}
