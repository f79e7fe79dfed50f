/**
 * What one manager does to share a database with others (issue 15 item 2), every heartbeat:
 * renew its instance (a `lost` answer — it was paused past its lease — drops every run it has, before
 * any of them touches the VIM or the store again), then one claim round: claim free keys, take
 * over the keys of dead instances, hand the runner the RUNNING operations of every key it owns
 * that it does not run yet (accepted order), pass on cancel requests, give up keys left idle.
 * A round also runs right after a request is accepted here (`poke`), so a new deploy starts at
 * once on the instance that took it when its key is free. Rounds never overlap; a poke during one
 * makes one more. The heartbeat does not wait for rounds: a slow round must not age it.
 * After each heartbeat's round (and the first one at start) the live instances are told to
 * `onMembers` (the monitor watches its share of the deployments by them).
 */
import type { Claims, Lease, OwnedOperation } from '../../store/claims.ts';
import type { Clock } from '../../time/clock.ts';
import type { Logger } from './ports.ts';

/** The runner's side of the loop. */
export interface ClusterRuns {
  /** Notes a lease this instance now holds (claimed or taken over), so it is given up once idle. */
  hold(lease: Lease): void;
  /** Takes up an owned operation not run here yet; `takenOver`: its key came from a dead instance. */
  take(owned: OwnedOperation, takenOver: boolean): boolean;
  /** Drops every run unfinished: the leases are another's now. */
  loseAll(): void;
  /** Cancels what runs on `key` before the undeploy `byOperation`. */
  cancel(key: string, byOperation: string, reason: string): void;
  /** The leases of keys with nothing queued or running here. */
  idleLeases(): Lease[];
  forget(key: string): void;
}

export interface ClusterCounters {
  onClaimed?(count: number): void;
  onTakenOver?(count: number): void;
}

/** This instance's id and the ids of the live instances (its own among them), as of the last heartbeat. */
export type MembersListener = (self: string, live: string[]) => void | Promise<void>;

export class ClusterLoop {
  #claims: Claims;
  #runs: ClusterRuns;
  #clock: Clock;
  #log: Logger;
  #heartbeatMs: number;
  #counters: ClusterCounters;
  #leaseMs: number;
  #onMembers: MembersListener | undefined;
  #stopping = new AbortController();
  #beating: Promise<void> | undefined;
  #round: Promise<number> | undefined;
  #again = false;

  constructor(o: { claims: Claims; runs: ClusterRuns; clock: Clock; log: Logger; heartbeatSecs: number; leaseSecs: number; counters?: ClusterCounters; onMembers?: MembersListener }) {
    this.#claims = o.claims;
    this.#runs = o.runs;
    this.#clock = o.clock;
    this.#log = o.log;
    this.#heartbeatMs = o.heartbeatSecs * 1000;
    this.#counters = o.counters ?? {};
    this.#leaseMs = o.leaseSecs * 1000;
    this.#onMembers = o.onMembers;
  }

  /** Registers this instance (once) and runs a round; resolves with how many operations it took up, the members told. */
  async start(): Promise<number> {
    if (!this.#beating) {
      await this.#claims.start();
      this.#beating = this.#beat();
    }
    const taken = await this.poke();
    await this.#tellMembers();
    return taken;
  }

  /** One more claim round, soon; resolves with how many operations the round it joined took up. */
  poke(): Promise<number> {
    if (this.#round) {
      this.#again = true;
      return this.#round;
    }
    this.#round = this.#rounds();
    return this.#round;
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#beating;
    await this.#round?.catch(() => undefined);
    await this.#claims.stop();
  }

  async #beat(): Promise<void> {
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      await this.#clock.sleep(this.#heartbeatMs, signal).catch(() => undefined);
      if (signal.aborted) return;
      try {
        if ((await this.#claims.heartbeat()) === 'lost') {
          this.#log.warn({ instance: this.#claims.instanceId() }, 'heartbeat found this instance dead (paused past its lease): its runs are dropped, registered anew');
          this.#runs.loseAll();
        }
      } catch (err) {
        // The database is out of reach: the runs stop by themselves once the last heartbeat is stale.
        this.#log.warn({ err }, 'heartbeat failed');
        continue;
      }
      void this.poke()
        .then(() => this.#tellMembers())
        .catch((err: unknown) => this.#log.warn({ err }, 'claim round or reading the live instances failed'));
    }
  }

  /**
   * The instances whose heartbeat is younger than the lease (the claim round has just removed the
   * others, unless this instance was too stale to run it), told to `onMembers`.
   */
  async #tellMembers(): Promise<void> {
    if (!this.#onMembers || this.#stopping.signal.aborted) return;
    const live = (await this.#claims.instances()).filter((i) => i.heartbeatAgeMs < this.#leaseMs).map((i) => i.id);
    await this.#onMembers(this.#claims.instanceId(), live);
  }

  async #rounds(): Promise<number> {
    let taken = 0;
    try {
      do {
        this.#again = false;
        taken += await this.#once();
      } while (this.#again && !this.#stopping.signal.aborted);
      return taken;
    } finally {
      // In the same step as the loop's last look at #again: a poke after it starts a new round.
      this.#round = undefined;
    }
  }

  async #once(): Promise<number> {
    // A stale heartbeat: what this instance holds may be another's by now; it takes nothing up until it beats again.
    if (!this.#claims.fresh()) return 0;
    const { claimed, takenOver } = await this.#claims.claim();
    if (claimed.length) this.#counters.onClaimed?.(claimed.length);
    if (takenOver.length) {
      this.#counters.onTakenOver?.(takenOver.length);
      this.#log.info({ keys: takenOver.map((l) => l.key) }, 'took over the keys of a dead instance');
    }
    for (const lease of [...claimed, ...takenOver]) this.#runs.hold(lease);
    const fromDead = new Set(takenOver.map((l) => l.key));
    let taken = 0;
    for (const owned of await this.#claims.owned()) if (this.#runs.take(owned, fromDead.has(owned.lease.key))) taken++;
    for (const c of await this.#claims.takeCancelRequests()) this.#runs.cancel(c.key, c.byOperation, c.reason);
    for (const lease of this.#runs.idleLeases()) if (await this.#claims.release(lease)) this.#runs.forget(lease.key);
    return taken;
  }
}
