/**
 * Batched VIM polling (architecture principle 4): every operation waiting on a resource of one kind
 * in one VIM project joins one group, and each poll cycle makes ONE list call for all the group's
 * due waiters, not one GET each. A wait is data — what status it wants, which statuses fail it,
 * whether it waits for the resource to go away, and which configured poll interval and timeout
 * apply (`vim.asyncpoller.<kind>.*`, read when the wait begins: a run-time change of them (CONF-3)
 * applies to waits that begin after it) — evaluated each cycle; workflows never sleep-loop.
 *
 * Each wait checks first at once (right after the create or action was answered: the group's next
 * cycle, one list call shared by every wait that begins meanwhile), then after min(0.5 s, poll.secs),
 * the gap doubling up to poll.secs. A resource ready at once (a fast VIM, an idempotent replay) is
 * seen at once, one ready in a second in a second, while a long wait still costs one list call per
 * poll.secs; poll.secs is the longest gap between two checks (issue 14).
 *
 * A cycle reads its due resources by id, one GET each, instead of listing the project when they
 * are fewer than 1/16 of what the group's last whole list held (BY_ID_RATIO): a few waits in a
 * project of thousands of servers (an undeploy among 1,000 deployments, a stop of one service)
 * would otherwise read and parse every server of the project each cycle (issue 14). A burst of
 * waits still shares one list call.
 *
 * Outcomes are distinct: reached (resolves with the resource), failed (a `failOn` status), went
 * away (gone while not waiting for deletion), timed out (DomainError TIMEOUT naming the setting).
 */
import type { Config, PollKind } from '../../config/config.ts';
import { errors } from '../../domain/errors.ts';
import type { Clock } from '../../time/clock.ts';
import type { Scope, VimDriver } from '../../vim/driver.ts';
import { VimError } from '../../vim/errors.ts';
import type { Logger } from './ports.ts';

export type ResourceKind = 'server' | 'image' | 'volume' | 'snapshot';

interface Polled {
  id: string;
  status: string;
  fault?: string;
}

export interface WaitRequest {
  vim: VimDriver;
  scope: Scope;
  kind: ResourceKind;
  id: string;
  /** Statuses that end the wait successfully (compared case-insensitively). */
  want: string[];
  failOn?: string[];
  /** Wait until the resource no longer exists. */
  gone?: boolean;
  policy: PollKind;
  /** Overrides the policy's timeout (e.g. a VM's bootup_time). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Names the resource in messages, e.g. `server dep_g_0_... (id)`. */
  label: string;
  /**
   * Checks an earlier wait on the same resource made (a caller that waits again after each check,
   * as the liveness wait does): the schedule goes on from there instead of checking at once again.
   */
  checksMade?: number;
}

interface Waiter {
  req: WaitRequest;
  due: number;
  deadline: number;
  /** The configured poll interval: the longest gap between two checks. */
  intervalMs: number;
  /** The gap before the next check: 0 before the first, then FIRST_GAP_MS (or the interval if shorter), doubling up to the interval. */
  gapMs: number;
  /** The policy's timeout setting when the wait began, which a timeout message names. */
  timeoutMins: number;
  resolve: (r: Polled | undefined) => void;
  reject: (e: unknown) => void;
}

interface Group {
  /** Names the VIM in logs. The list calls go through a due waiter's own driver (`#cycle`). */
  vimId: string;
  scope: Scope;
  kind: ResourceKind;
  waiters: Set<Waiter>;
  wake?: () => void;
  running: boolean;
  /** How many resources the group's last whole list held (none made yet: Infinity would read by id blind, so 0). */
  listed: number;
}

export class Poller {
  #clock: Clock;
  #config: Config;
  #log: Logger;
  #groups = new Map<string, Group>();
  /** List calls made, by kind (benchmarks compare this against a per-operation poller). */
  readonly listCalls = new Map<ResourceKind, number>();
  /** Reads by id made, by kind (cycles whose due resources were few beside the project). */
  readonly getCalls = new Map<ResourceKind, number>();

  constructor(opts: { clock: Clock; config: Config; log: Logger }) {
    this.#clock = opts.clock;
    this.#config = opts.config;
    this.#log = opts.log;
  }

  waitFor<T extends Polled>(req: WaitRequest): Promise<T | undefined> {
    const { intervalMs, timeoutMs } = this.#config.poller(req.policy);
    const now = this.#clock.now();
    const gapMs = gapBefore(req.checksMade ?? 0, intervalMs);
    return new Promise<T | undefined>((resolve, reject) => {
      const waiter: Waiter = {
        req,
        due: now + gapMs,
        deadline: req.timeoutMs !== undefined && req.timeoutMs < 0 ? Infinity : now + (req.timeoutMs ?? timeoutMs),
        intervalMs,
        gapMs,
        timeoutMins: timeoutMs / 60_000,
        resolve: resolve as (r: Polled | undefined) => void,
        reject,
      };
      if (req.signal?.aborted) return reject(req.signal.reason);
      req.signal?.addEventListener('abort', () => this.#drop(waiter, req.signal?.reason), { once: true });
      const group = this.#group(req);
      group.waiters.add(waiter);
      if (!group.running) void this.#run(group);
      else group.wake?.();
    });
  }

  #group(req: WaitRequest): Group {
    const key = `${req.vim.id}|${req.scope.projectId ?? ''}|${req.kind}`;
    let group = this.#groups.get(key);
    if (!group) {
      group = { vimId: req.vim.id, scope: req.scope, kind: req.kind, waiters: new Set(), running: false, listed: 0 };
      this.#groups.set(key, group);
    }
    return group;
  }

  #drop(waiter: Waiter, reason: unknown): void {
    for (const g of this.#groups.values()) if (g.waiters.delete(waiter)) waiter.reject(reason);
  }

  async #run(group: Group): Promise<void> {
    group.running = true;
    try {
      while (group.waiters.size > 0) {
        const next = earliest(group.waiters);
        // A check due now still waits for the clock's next tick: the waits that begin meanwhile (a
        // burst of creates answered together) share its list call.
        await this.#sleep(group, Math.max(0, next - this.#clock.now()));
        await this.#cycle(group);
      }
    } finally {
      group.running = false;
    }
  }

  /**
   * Sleeps until `ms` passed or a new waiter arrives (it may be due sooner). Only the first arrival
   * wakes it; later ones find `wake` unset and are seen when the loop looks again (`abort()` builds
   * a DOMException on every call, even on an aborted controller: 100,000 arrivals paid a second;
   * with a reason given it builds none, and every cycle now sleeps, so every burst wakes one).
   */
  async #sleep(group: Group, ms: number): Promise<void> {
    const ctl = new AbortController();
    group.wake = () => {
      group.wake = undefined;
      ctl.abort(woken);
    };
    await this.#clock.sleep(ms, ctl.signal).catch(() => {});
    group.wake = undefined;
  }

  async #cycle(group: Group): Promise<void> {
    const now = this.#clock.now();
    for (const w of group.waiters)
      if (w.deadline <= now) {
        group.waiters.delete(w);
        w.reject(errors.vimWaitTimedOut(w.req.label, w.req.gone ? 'deleted' : w.req.want, w.req.policy, w.timeoutMins));
      }
    // Waiters that fall due within half their gap ride along, so waits that began at different
    // moments share one list call instead of each keeping its own schedule.
    const due = [...group.waiters].filter((w) => w.due <= now + w.gapMs / 2);
    if (due.length === 0) return;
    let found: Map<string, Polled>;
    try {
      // Through a due waiter's driver, not the first waiter's the group ever had: with several
      // managers each run's driver is guarded by its lease (guarded-vims.ts), and a run that lost
      // its lease (its waiters dropped) must not fail the list calls of every run after it.
      found = new Map((await this.#list(group, due[0]!.req.vim, due.map((w) => w.req.id))).map((r) => [r.id, r]));
    } catch (err) {
      // A failed poll is not a failed wait: the deadline decides. Try again next interval.
      this.#log.warn({ err, kind: group.kind, vim: group.vimId }, 'VIM poll failed; retrying');
      for (const w of due) later(w, now);
      return;
    }
    for (const w of due) this.#evaluate(group, w, found.get(w.req.id), now);
  }

  #evaluate(group: Group, w: Waiter, res: Polled | undefined, now: number): void {
    const { req } = w;
    const settle = (fn: () => void) => {
      group.waiters.delete(w);
      fn();
    };
    if (!res) {
      if (req.gone) return settle(() => w.resolve(undefined));
      return settle(() => w.reject(new VimError(`${req.label} went away while waiting for ${req.want.join('/')}`, { kind: 'final', status: 404 })));
    }
    const status = res.status.toUpperCase();
    if (!req.gone && req.want.some((s) => s.toUpperCase() === status)) return settle(() => w.resolve(res));
    if (req.failOn?.some((s) => s.toUpperCase() === status))
      return settle(() => w.reject(new VimError(`${req.label} went to ${res.status}${res.fault ? `: ${res.fault}` : ''}`, { kind: 'final' })));
    later(w, now);
  }

  /** The due resources: by id when they are few beside the last whole list, else one list call. */
  async #list(group: Group, vim: VimDriver, ids: string[]): Promise<Polled[]> {
    if (ids.length * BY_ID_RATIO < group.listed) {
      this.getCalls.set(group.kind, (this.getCalls.get(group.kind) ?? 0) + ids.length);
      const found = await Promise.all(ids.map((id) => this.#get(group, vim, id)));
      return found.filter((r) => r !== undefined);
    }
    this.listCalls.set(group.kind, (this.listCalls.get(group.kind) ?? 0) + 1);
    const all = await this.#listAll(group, vim);
    group.listed = all.length;
    const wanted = new Set(ids);
    return all.filter((r) => wanted.has(r.id));
  }

  /** Every resource of the group's kind in its project (the driver asks the VIM for no narrower list). */
  #listAll(group: Group, vim: VimDriver): Promise<Polled[]> {
    switch (group.kind) {
      case 'server':
        return vim.listServers(group.scope);
      case 'image':
        return vim.listImages(group.scope);
      case 'volume':
        return vim.listVolumes(group.scope);
      case 'snapshot':
        return vim.listVolumeSnapshots(group.scope);
    }
  }

  #get(group: Group, vim: VimDriver, id: string): Promise<Polled | undefined> {
    switch (group.kind) {
      case 'server':
        return vim.getServer(group.scope, id);
      case 'image':
        return vim.getImage(group.scope, id);
      case 'volume':
        return vim.getVolume(group.scope, id);
      case 'snapshot':
        return vim.getVolumeSnapshot(group.scope, id);
    }
  }
}

/** A cycle reads by id when its due resources times this are fewer than the last whole list held. */
const BY_ID_RATIO = 16;

/** The reason a sleeping group is woken with: a constant, so a wake builds no DOMException. */
const woken = new Error('a waiter arrived');

/**
 * The gap after a wait's first check (made at once), unless its poll interval is shorter (issue 14).
 * Half a second, not the 1 s first proposed: a VIM step of a few hundred milliseconds (the
 * emulator's volume and server builds, a fast cloud's) is then seen after 0.5 s instead of 1 s, and
 * waits in a row (volume, server, then the groups after it) add up to less; the doubling makes it
 * one list call more per wait than a 1 s start (checks at 0, 0.5, 1.5, 3.5, 7.5 s…).
 */
const FIRST_GAP_MS = 500;

/** Schedules a waiter's next check: FIRST_GAP_MS after the first, then doubling up to the poll interval. */
function later(w: Waiter, now: number): void {
  w.gapMs = w.gapMs === 0 ? Math.min(FIRST_GAP_MS, w.intervalMs) : Math.min(w.gapMs * 2, w.intervalMs);
  w.due = now + w.gapMs;
}

/** The gap before check number `made` (0: the first, at once) of a wait with this poll interval. */
function gapBefore(made: number, intervalMs: number): number {
  if (made <= 0) return 0;
  return Math.min(FIRST_GAP_MS * 2 ** Math.min(made - 1, 30), intervalMs);
}

/** The soonest moment a waiter needs the group (a loop: the group may hold any number of waiters). */
function earliest(waiters: Iterable<Waiter>): number {
  let next = Infinity;
  for (const w of waiters) next = Math.min(next, w.due, w.deadline);
  return next;
}
