/**
 * The monitor (IMPL-2; issue 12 items 5 and 9): watches every VM the pause rule
 * (`domain/monitoring-pause.ts`) lets it, with one loop per (VIM, project). Each due cycle of a loop
 * reads the server status of ALL its due VMs with ONE batched list call (architecture principle 4):
 * the ids of the project's ACTIVE servers, and a detailed list only when some due server is not
 * among them (issue 14: the detailed list of 10,000 servers every 3 s held the event loop). It
 * reports drift (`domain/drift.ts`) once per change, and runs the due KPI collectors on the rest,
 * folding readings into outcomes (`domain/kpi.ts`) handed to the `OutcomeSink` (the rules).
 *
 * What is watched comes from the store: all of it at start (so watching outlives a restart), then
 * one deployment at a time when something tells that it changed — an operation accepted or
 * finished, or an event about it (`touch`, `heard`) — never a scan of every deployment per cycle.
 * VM_ALIVE and VM_MONITOR_SET (deploy, start, reboot, recovery, enable-monitor) re-arm a VM: its
 * occurrence counters start again. While an operation on a deployment runs, the events it emits
 * are gathered, not read one by one: the deployment is read when the operation is accepted and
 * again when it ends, with every re-arm heard meanwhile (issue 14: a deploy's events each cost
 * three store reads). A deployment none of whose groups has KPIs is let go on reading the
 * deployment alone, its VMs unread. Before an outcome or drift is handed on, the VM and its
 * deployment are read again, so an operation accepted a moment ago is never taken for drift.
 * Maintenance mode pauses every loop (no VIM call) and keeps the counters.
 *
 * Several managers on one database (issue 15): each watches only the deployments rendezvous
 * hashing over the live instances gives it (`ownership.ts`), so a failure is recovered once. The
 * cluster loop tells `members` after every heartbeat; a change reads every deployment again (its
 * new share armed, what went to another let go). Until told, and always with one manager, it
 * watches everything.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Config } from '../config/config.ts';
import { driftOf } from '../domain/drift.ts';
import type { Deployment, Tenant, Vm } from '../domain/entities.ts';
import type { DomainEvent } from '../domain/event.ts';
import { kpiHolds, kpiPolled } from '../domain/kpi.ts';
import { monitoringPause } from '../domain/monitoring-pause.ts';
import type { OpMode } from '../domain/op-mode.ts';
import type { KpiReader, ServerSeen, VimRegistry } from '../engine/deployment/deps.ts';
import { scopeOf } from '../engine/deployment/target.ts';
import { createLimiter } from '../engine/runtime/limiter.ts';
import type { Logger } from '../engine/runtime/ports.ts';
import type { Store } from '../store/store.ts';
import { isoTime, type Clock } from '../time/clock.ts';
import type { Scope, VimDriver } from '../vim/driver.ts';
import type { OutcomeSink } from './outcome.ts';
import { watcherOf } from './ownership.ts';
import { armed, dueAt, kpiRides, kpisKeyOf, kpisOf, type Watched } from './watched.ts';

export interface MonitorDeps {
  store: Store;
  vims: VimRegistry;
  clock: Clock;
  config: Config;
  log: Logger;
  kpis: KpiReader;
  sink: OutcomeSink;
  /** The manager's operation mode now (`escadm op_mode`). */
  mode: () => OpMode;
}

interface Loop {
  vim: VimDriver;
  scope: Scope;
  watched: Map<string, Watched>;
  wake?: () => void;
  running?: Promise<void>;
}

/** Deployments whose VMs one query reads when the monitor starts. */
const START_PAGE = 100;

/** Due VMs whose observation starts in one turn of the event loop. */
const OBSERVE_SLICE = 50;

/** Events after which a VM's KPIs start again from nothing (thresholds re-armed). */
const arming = new Set(['VM_ALIVE', 'VM_MONITOR_SET', 'SERVICE_MONITOR_SET']);

export class Monitor {
  #deps: MonitorDeps;
  #loops = new Map<string, Loop>();
  /** Deployment id → the loop key and VM ids watched for it. */
  #byDeployment = new Map<string, { loop: string; vmIds: Set<string> }>();
  /** Deployments to read again, each with the generated names of VMs to re-arm (`*`: all of them). */
  #dirty = new Map<string, Set<string>>();
  /** Deployments with operations running (how many), and the re-arms heard meanwhile. */
  #operating = new Map<string, { count: number; rearm: Set<string> }>();
  #flushing?: Promise<void>;
  #stop = new AbortController();
  /** Several managers: this one's id and the live ones' (sorted), as last told; undefined: it watches everything. */
  #members: { self: string; live: string[] } | undefined;
  /** Set once `start` has run: a change of members then reads everything again. */
  #started = false;
  #limit: <T>(task: () => Promise<T>) => Promise<T>;
  /** List calls made, summary and detailed (the bench divides them by time). */
  listCalls = 0;

  constructor(deps: MonitorDeps) {
    this.#deps = deps;
    this.#limit = createLimiter(deps.config.number('monitor.collect.parallelism'));
  }

  /**
   * Reads every deployment and watches what the pause rule allows: at the manager's start, and
   * after a restore replaced the database (deployments no longer there are let go).
   */
  async start(): Promise<void> {
    this.#started = true;
    while (this.#flushing) await this.#flushing;
    // Operations cut short by a restore end without a word: what they deferred is read now, and
    // their deployments' events are read one by one again.
    for (const [id, { rearm }] of this.#operating) this.#dirty.set(id, new Set([...(this.#dirty.get(id) ?? []), ...rearm]));
    this.#operating.clear();
    // Touches arriving meanwhile wait in #dirty and are read again after: nothing read here is applied over a newer reading.
    this.#flushing = this.#readAll().then(() => this.#flush()).finally(() => (this.#flushing = undefined));
    await this.#flushing;
  }

  /**
   * The live managers changed (one joined, died, or this one registered again): the deployments
   * this one watches are chosen again. The same members again change nothing.
   */
  async members(self: string, live: string[]): Promise<void> {
    const sorted = [...live].sort();
    if (this.#members && this.#members.self === self && this.#members.live.join('\n') === sorted.join('\n')) return;
    this.#members = { self, live: sorted };
    this.#deps.log.info({ self, live: sorted }, 'monitor: the managers sharing the database changed; choosing the deployments this one watches');
    if (this.#started && !this.#stop.signal.aborted) await this.start();
  }

  /**
   * The one ownership filter: whether this manager watches the deployment. Applied where a
   * deployment is read (what another watches is not even read) and again before acting.
   */
  #mine(deploymentId: string): boolean {
    return !this.#members || watcherOf(deploymentId, this.#members.live) === this.#members.self;
  }

  /**
   * Every deployment with its VMs a page at a time and each tenant once (issue 14: 10,000 VMs are
   * watched again in seconds); deployments watched before and no longer there are let go.
   */
  async #readAll(): Promise<void> {
    const { store } = this.#deps;
    const gone = new Set(this.#byDeployment.keys());
    // The others' deployments are let go with those no longer there.
    const deployments = (await store.listDeployments()).filter((d) => this.#mine(d.id));
    const tenants = new Map<string, Tenant | undefined>();
    for (let from = 0; from < deployments.length; from += START_PAGE) {
      const page = deployments.slice(from, from + START_PAGE);
      const vms = new Map<string, Vm[]>(page.map((d) => [d.id, []]));
      for (const vm of await store.listVms({ deploymentIds: page.map((d) => d.id) })) vms.get(vm.deploymentId)?.push(vm);
      for (const deployment of page) {
        if (!tenants.has(deployment.tenant)) tenants.set(deployment.tenant, await store.getTenant(deployment.tenant));
        const tenant = tenants.get(deployment.tenant);
        gone.delete(deployment.id);
        this.#watch(deployment.id, tenant && { deployment, tenant, vms: vms.get(deployment.id)! }, new Set());
      }
    }
    for (const id of gone) this.#watch(id, undefined, new Set());
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#flushing;
    await Promise.all([...this.#loops.values()].map((l) => l.running));
  }

  /** Something about the deployment changed: read it again before the next cycle. */
  touch(deploymentId: string, rearm: string[] = []): void {
    if (this.#stop.signal.aborted) return;
    const names = this.#dirty.get(deploymentId) ?? new Set<string>();
    for (const n of rearm) names.add(n);
    this.#dirty.set(deploymentId, names);
    this.#flushing ??= this.#flush().finally(() => (this.#flushing = undefined));
  }

  /** An event the bus published: its deployment is read again (when no operation on it runs); arming events re-arm its VM. */
  heard(e: DomainEvent): void {
    if (!e.deploymentId) return;
    const rearm = !arming.has(e.type) ? [] : e.type === 'SERVICE_MONITOR_SET' ? ['*'] : [e.vmSource?.generatedName ?? '*'];
    const operating = this.#operating.get(e.deploymentId);
    if (operating) for (const n of rearm) operating.rearm.add(n);
    else this.touch(e.deploymentId, rearm);
  }

  /**
   * An operation on the deployment was accepted: read it now (it may pause watching), its events once
   * it ends. Not with several managers: the one that accepts is often not the one that runs (and
   * tells `operationFinished`), so a count kept here would hold the deployment's events back for good.
   */
  operationAccepted(deploymentId: string): void {
    if (this.#members) return this.touch(deploymentId);
    const operating = this.#operating.get(deploymentId);
    if (operating) operating.count += 1;
    else this.#operating.set(deploymentId, { count: 1, rearm: new Set() });
    this.touch(deploymentId);
  }

  /**
   * An operation on the deployment ended: read it again with the re-arms heard meanwhile. An
   * operation resumed at start was never accepted here, so its end finds no count (nothing deferred).
   */
  operationFinished(deploymentId: string): void {
    const operating = this.#operating.get(deploymentId);
    if (operating && operating.count > 1) {
      operating.count -= 1;
      return;
    }
    this.#operating.delete(deploymentId);
    this.touch(deploymentId, [...(operating?.rearm ?? [])]);
  }

  /** How many VMs are watched now. */
  get watchedCount(): number {
    let n = 0;
    for (const l of this.#loops.values()) n += l.watched.size;
    return n;
  }

  async #flush(): Promise<void> {
    while (this.#dirty.size > 0 && !this.#stop.signal.aborted) {
      const [id, rearm] = this.#dirty.entries().next().value!;
      this.#dirty.delete(id);
      await this.#rescan(id, rearm).catch((err: unknown) => this.#deps.log.warn({ err, deploymentId: id }, 'monitor could not read the deployment; it is read again when it next changes'));
    }
  }

  async #rescan(deploymentId: string, rearm: Set<string>): Promise<void> {
    const { store } = this.#deps;
    if (!this.#mine(deploymentId)) return this.#watch(deploymentId, undefined, rearm);
    const deployment = await store.getDeployment(deploymentId);
    if (deployment && !deployment.spec.vmGroups.some((g) => kpisOf(g).length > 0)) return this.#watch(deploymentId, undefined, rearm);
    const tenant = deployment && (await store.getTenant(deployment.tenant));
    this.#watch(deploymentId, deployment && tenant && { deployment, tenant, vms: await store.listVms({ deploymentId }) }, rearm);
  }

  /** Watches what the pause rule allows of the deployment as just read (undefined: gone, its tenant gone, or nothing to watch). */
  #watch(deploymentId: string, found: { deployment: Deployment; tenant: Tenant; vms: Vm[] } | undefined, rearm: Set<string>): void {
    const { vims, clock } = this.#deps;
    const before = this.#byDeployment.get(deploymentId);
    const oldLoop = before && this.#loops.get(before.loop);
    if (!found) {
      for (const id of before?.vmIds ?? []) oldLoop?.watched.delete(id);
      this.#byDeployment.delete(deploymentId);
      return;
    }
    const { deployment, tenant, vms } = found;
    const scope = scopeOf(tenant);
    const key = `${deployment.vimConnector}|${scope.projectId ?? ''}`;
    const loop = this.#loop(key, () => ({ vim: vims.get(deployment.vimConnector), scope, watched: new Map() }));
    const now = clock.now();
    const ids = new Set<string>();
    let armedAny = false;
    for (const vm of vms) {
      const group = deployment.spec.vmGroups.find((g) => g.name === vm.group);
      const serverId = vm.serverId;
      if (!group || kpisOf(group).length === 0 || serverId === undefined || monitoringPause(vm, deployment.state, 'OPERATION')) continue;
      ids.add(vm.id);
      const kept = loop.watched.get(vm.id);
      if (kept && kept.serverId === serverId && kept.kpisKey === kpisKeyOf(group) && !rearm.has('*') && !rearm.has(vm.name)) Object.assign(kept, { vm, group });
      else {
        loop.watched.set(vm.id, armed(deployment, { ...vm, serverId }, group, now, key));
        armedAny = true;
      }
    }
    for (const id of before?.vmIds ?? []) if (!ids.has(id)) oldLoop?.watched.delete(id);
    this.#byDeployment.set(deploymentId, { loop: key, vmIds: ids });
    // Only a newly armed VM can be due sooner than the loop sleeps; one let go or kept changes nothing it waits for.
    if (armedAny) loop.wake?.();
  }

  #loop(key: string, make: () => Loop): Loop {
    let loop = this.#loops.get(key);
    if (!loop) {
      loop = make();
      this.#loops.set(key, loop);
    }
    if (!loop.running) loop.running = this.#run(loop).finally(() => (loop.running = undefined));
    return loop;
  }

  async #run(loop: Loop): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      let next = Infinity;
      for (const w of loop.watched.values()) next = Math.min(next, dueAt(w));
      await this.#sleep(loop, next - this.#deps.clock.now());
      if (signal.aborted) return;
      if (this.#deps.mode() === 'MAINTENANCE') {
        this.#postpone(loop);
        continue;
      }
      await this.#cycle(loop).catch((err: unknown) => this.#deps.log.error({ err, vim: loop.vim.id }, 'monitor cycle failed'));
    }
  }

  /** Sleeps `ms` (forever for Infinity) or until woken (a VM added may be due sooner) or stopped. */
  async #sleep(loop: Loop, ms: number): Promise<void> {
    if (ms <= 0) return;
    const ctl = new AbortController();
    const signal = AbortSignal.any([ctl.signal, this.#stop.signal]);
    loop.wake = () => {
      loop.wake = undefined;
      ctl.abort();
    };
    await (ms === Infinity ? new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true })) : this.#deps.clock.sleep(ms, signal).catch(() => {}));
    loop.wake = undefined;
  }

  /** In maintenance the due VMs wait one more interval, their counters kept. */
  #postpone(loop: Loop): void {
    const now = this.#deps.clock.now();
    for (const w of loop.watched.values()) for (const k of w.kpis) if (k.due <= now) k.due = now + k.intervalMs;
  }

  async #cycle(loop: Loop): Promise<void> {
    const now = this.#deps.clock.now();
    const due = [...loop.watched.values()].filter((w) => w.kpis.some((k) => kpiRides(k, now)));
    if (due.length === 0) return;
    let servers: Map<string, ServerSeen>;
    try {
      servers = await this.#serversOf(loop, due);
    } catch (err) {
      // A failed list decides nothing: no outcome, no drift; the VMs are looked at next interval.
      this.#deps.log.warn({ err, vim: loop.vim.id }, 'monitor could not list servers; retrying next interval');
      for (const w of due) this.#schedule(w, now);
      return;
    }
    // Started a slice at a time, the loop let go between slices: a project of thousands of VMs
    // would otherwise hold it for one long turn (a REST read waiting behind it; issue 14).
    const observing: Promise<void>[] = [];
    for (let i = 0; i < due.length; i++) {
      if (i > 0 && i % OBSERVE_SLICE === 0) await nextTurn();
      const w = due[i]!;
      observing.push(this.#limit(() => this.#observe(loop, w, servers.get(w.serverId), now)));
    }
    await Promise.all(observing);
  }

  /**
   * The due VMs' servers as the VIM shows them: the ids of the project's ACTIVE servers (one summary
   * list, a sixth of the detailed one's bytes: issue 14, 10,000 servers every 3 s), then, only when
   * some due server is not among them, those in one detailed list, for the drift they show (none
   * there: gone).
   */
  async #serversOf(loop: Loop, due: Watched[]): Promise<Map<string, ServerSeen>> {
    this.listCalls += 1;
    const active = new Set(await loop.vim.listServerIds(loop.scope, 'ACTIVE'));
    const servers = new Map<string, ServerSeen>();
    const others: string[] = [];
    for (const { serverId } of due) {
      if (active.has(serverId)) servers.set(serverId, { id: serverId, status: 'ACTIVE' });
      else others.push(serverId);
    }
    if (others.length === 0) return servers;
    this.listCalls += 1;
    for (const s of await loop.vim.listServers(loop.scope, { ids: others })) servers.set(s.id, s);
    return servers;
  }

  #schedule(w: Watched, now: number): void {
    for (const k of w.kpis) if (kpiRides(k, now)) k.due = now + k.intervalMs;
  }

  /**
   * One due VM's observation. It never rejects (a failure is logged, the VM looked at next
   * interval): started a slice at a time, a rejection would lie unhandled over a turn and end the process.
   */
  async #observe(loop: Loop, w: Watched, server: ServerSeen | undefined, now: number): Promise<void> {
    const dueKpis = w.kpis.filter((k) => kpiRides(k, now));
    this.#schedule(w, now);
    try {
      const drift = driftOf(server);
      // What was observed is remembered (drift, a KPI's track) only once handed on: when the watch
      // lapsed meanwhile, nothing moves, so the next watched poll observes and raises it again.
      if (drift || !server) {
        // A server not ACTIVE is drift, not a KPI outcome [I]: the collectors wait until it is back.
        if (drift && w.drift !== drift) {
          if (!(await this.#stillWatched(loop, w))) return;
          this.#deps.sink.onDrift({ ...w.ref, serverId: w.serverId, observed: drift, status: server?.status, at: isoTime(this.#deps.clock) });
        }
        w.drift = drift;
        return;
      }
      w.drift = undefined;
      // An index, not an iterator: its result objects would outlive each await.
      for (let i = 0; i < dueKpis.length; i++) {
        const k = dueKpis[i]!;
        const value = await this.#deps.kpis.read(w.vm, server, w.group, k.kpi);
        if (value === undefined) continue;
        const polled = kpiPolled(k.kpi, k.track, kpiHolds(k.kpi, value));
        if (polled.raise) {
          if (!(await this.#stillWatched(loop, w))) return;
          const { kpi } = k;
          this.#deps.sink.onOutcome({ ...w.ref, eventName: kpi.eventName, outcome: polled.raise, value, threshold: `${kpi.metricCond} ${kpi.metricValue}`, at: isoTime(this.#deps.clock) });
        }
        k.track = polled.track;
      }
    } catch (err) {
      this.#deps.log.error({ err, vmId: w.ref.vmId }, 'monitor could not observe the VM; it is looked at next interval');
    }
  }

  /** Read again before acting on it: still the entry the loop holds, still this manager's, and the pause rule still lets it. */
  async #stillWatched(loop: Loop, w: Watched): Promise<boolean> {
    if (loop.watched.get(w.ref.vmId) !== w || !this.#mine(w.ref.deploymentId)) return false;
    const [vm, deployment] = await Promise.all([this.#deps.store.getVm(w.ref.vmId), this.#deps.store.getDeployment(w.ref.deploymentId)]);
    const watched = !!vm && !!deployment && vm.serverId === w.serverId && !monitoringPause(vm, deployment.state, this.#deps.mode());
    if (!watched) this.touch(w.ref.deploymentId);
    return watched && loop.watched.get(w.ref.vmId) === w;
  }
}
