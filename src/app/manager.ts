/**
 * The composition root: builds the manager from its parts — configuration, store, VIM connectors,
 * event bus and callback outbox, poller, export sink, engine, REST server — resumes open operations, and
 * listens. `vnfm serve` and the end-to-end tests both start the manager through here.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { Config } from '../config/config.ts';
import { Credentials } from '../config/credentials.ts';
import { SettingsService } from '../config/settings-service.ts';
import type { SharedState } from '../config/shared-state.ts';
import { errors, messageOf } from '../domain/errors.ts';
import type { Liveness, MetricSource } from '../engine/deployment/deps.ts';
import { noMetrics } from '../monitor/collectors.ts';
import { kpiReader } from '../engine/deployment/kpi-reader.ts';
import { vimLiveness } from '../monitor/liveness.ts';
import type { OutcomeSink } from '../monitor/outcome.ts';
import { RuleEngine } from '../monitor/rules/rule-engine.ts';
import { scriptRunner } from '../monitor/rules/script-runner.ts';
import { scriptMetrics } from '../monitor/script-metrics.ts';
import { loggingSink } from '../monitor/log-sink.ts';
import { Monitor } from '../monitor/monitor.ts';
import { Admin } from '../engine/admin.ts';
import { Engine } from '../engine/engine.ts';
import { maintenanceGate } from '../engine/maintenance-gate.ts';
import { Poller } from '../engine/runtime/poller.ts';
import { boundedGet } from '../events/bounded-get.ts';
import { egressFetch } from '../events/egress-fetch.ts';
import { CallbackOutbox } from '../events/outbox.ts';
import { fileExportSink } from '../exports/file-export-sink.ts';
import { EventBus } from '../events/bus.ts';
import { EventRetention } from '../events/retention.ts';
import { Metrics } from '../northbound/rest/metrics.ts';
import { StoreTiming } from '../store/store-timing.ts';
import { listenRest } from '../northbound/rest/listen.ts';
import { buildRestServer } from '../northbound/rest/server.ts';
import { loadOrCreateHostKey } from '../northbound/netconf/host-key.ts';
import { startNetconf } from '../northbound/netconf/start.ts';
import { countChanges } from '../store/change-count.ts';
import type { Store } from '../store/store.ts';
import { systemClock, type Clock } from '../time/clock.ts';
import type { VimDriver } from '../vim/driver.ts';
import type { Emulator } from '../../emulator/emulator.ts';
import { CloseSequence } from './close-sequence.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { startConfig } from './start-config.ts';
import { startDefaultVim } from './default-vim.ts';
import { openStorage } from './open-store.ts';
import { refuseInsecureListeners } from './listen-check.ts';
import { ruleActions } from './rule-actions.ts';
import { tlsMaterial } from './tls-material.ts';
import { VimConnectors } from './vim-connectors.ts';

export interface ManagerOptions {
  /** Overrides on top of `application.properties` in the data folder; they outlive a settings reload. */
  settings?: Record<string, string>;
  clock?: Clock;
  /** The default VIM; when absent it is chosen from the environment (`default-vim.ts`). */
  vim?: VimDriver;
  liveness?: Liveness;
  /** Where guest metrics come from with `vim` given (default: none); benchmarks give the in-process emulator's guests. */
  metrics?: MetricSource;
  /** Environment read for `OS_*` and `VNFM_LIVENESS` (default: the process's). */
  env?: NodeJS.ProcessEnv;
  logger?: pino.Logger | false;
}

export interface Manager {
  /** The REST listener's base URL: plain HTTP, or HTTPS when only that listens. */
  url: string;
  /** The HTTPS listener's base URL, when `rest.tls.enabled`. */
  httpsUrl: string | undefined;
  config: Config;
  store: Store;
  engine: Engine;
  vim: VimDriver;
  /** The embedded OpenStack emulator, when it is the default VIM. */
  emulator?: Emulator;
  outbox: CallbackOutbox;
  metrics: Metrics;
  /** The time its store spent in the database (the `openvnfm_store_*` metrics; benchmarks read it). */
  storeTiming: StoreTiming;
  /** The NETCONF server's port; undefined when it could not be bound (REST runs regardless). */
  netconfPort: number | undefined;
  /** Operation mode, backup and restore (`escadm`). */
  admin: Admin;
  /** The REST and NETCONF users (`<data.dir>/credentials.json`, or the shared database's). */
  credentials: Credentials;
  /** The settings service (CONF-1..3): what the settings API calls. */
  settings: SettingsService;
  /** The rule engine monitoring hands KPI outcomes and drift to (IMPL-2); tests feed it directly. */
  outcomes: OutcomeSink & { idle(): Promise<void> };
  /** How many VMs the monitor watches now (the scale benchmark checks all are armed after a start). */
  watchedVms(): number;
  close(): Promise<void>;
}

export async function startManager(opts: ManagerOptions = {}): Promise<Manager> {
  const dataDir = resolve(new Config({}, opts.settings ?? {}).string('data.dir'));
  mkdirSync(dataDir, { recursive: true });
  // Before anything is read or opened: a second manager on this folder stops here (issue 15 item 7),
  // and `vnfm migrate` knows the SQLite file is not being written while it copies it.
  const lock = lockDataDir(dataDir);
  try {
    const manager = await assemble(opts, dataDir);
    const close = manager.close;
    return Object.assign(manager, { close: () => close().finally(() => lock.release()) });
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** The order the manager's parts close in: `close()`, and a start that fails part-way. */
const closeOrder = ['netconf', 'bus', 'app', 'listeners', 'shared', 'monitor', 'outcomes', 'engine', 'outbox', 'egress', 'retention', 'vims', 'emulator', 'store'] as const;

async function assemble(opts: ManagerOptions, dataDir: string): Promise<Manager> {
  const start = opts.settings ?? {};
  const { config, propertiesFile } = startConfig(dataDir, start);
  const logger = opts.logger ?? pino({ level: config.string('log.level') });
  const log = logger === false ? pino({ enabled: false }) : logger;
  const closing = new CloseSequence(closeOrder);
  try {
    return await build({ opts, dataDir, config, propertiesFile, logger, log }, closing);
  } catch (err) {
    // Whatever had started stops as at a regular close (claim loop, event watch, outbox, store), so
    // the process can exit and no database connection is left; the start's failure is what is told.
    await closing.close().catch((closeErr: unknown) => log.error({ err: closeErr }, 'closing after a failed start failed'));
    throw err;
  }
}

interface BuildContext {
  opts: ManagerOptions;
  dataDir: string;
  config: Config;
  propertiesFile: string;
  logger: pino.Logger | false;
  log: pino.Logger;
}

/** Builds and starts every part, entering each in `closing` as it starts. */
async function build({ opts, dataDir, config, propertiesFile, logger, log }: BuildContext, closing: CloseSequence<(typeof closeOrder)[number]>): Promise<Manager> {
  const clock = opts.clock ?? systemClock;
  // The store, and what the managers of one database share (issue 15 item 4) or this one's own;
  // the run-time settings kept there are in force before anything reads the configuration.
  const storeTiming = new StoreTiming();
  const metrics = new Metrics({ databaseTime: storeTiming });
  const { store: opened, claims, shared, sharedUrl } = await openStorage({ config, dataDir, log, clock, timing: storeTiming });
  closing.add('store', () => opened.close());
  closing.add('shared', () => shared.close());
  const settings = new SettingsService({ config, file: propertiesFile, log, runtime: shared.settings });
  // Before anything starts: a bad user in the configuration stops the start with one line.
  await settings.sync();
  const credentials = await openCredentials(shared, config, log);
  await refuseInsecureListeners(config, credentials);
  const tls = await tlsMaterial({ config, dataDir, shared, log });
  const hostKey = await shared.madeOnce('netconf.host.key', async () => loadOrCreateHostKey(dataDir));
  // Counted, so the REST edge can keep rendered reads until the next change (issue 14) — only where
  // this process is the database's one writer: other managers may write a shared PostgreSQL.
  const counted = countChanges(opened);
  const storeVersion = sharedUrl === undefined ? counted.version : undefined;
  const store = counted.store;
  const chosen = opts.vim
    ? { driver: opts.vim, liveness: opts.liveness ?? vimLiveness, metrics: opts.metrics ?? noMetrics, emulator: undefined }
    : await startDefaultVim({ config, env: opts.env ?? process.env, dataDir, clock, log, sharedDatabase: sharedUrl !== undefined });
  const emulator = chosen.emulator;
  if (emulator) closing.add('emulator', () => emulator.close());
  const vim = chosen.driver;
  const vims = new VimConnectors(vim);
  closing.add('vims', () => vims.close());
  const egress = egressFetch({ allowedNetworks: () => config.string('egress.allowed.networks') });
  closing.add('egress', () => egress.close());
  const outbox = new CallbackOutbox({
    post: egress.post,
    store,
    clock,
    log,
    timeoutMs: config.number('callback.timeout.secs') * 1000,
    initialBackoffMs: config.number('callback.retry.initial.ms'),
    maxBackoffMs: config.number('callback.retry.max.ms'),
    giveUpAfterMs: config.number('callback.retry.give.up.hours') * 3_600_000,
    onAttempt: (delivered) => (delivered ? metrics.outboxDelivered() : metrics.outboxFailed()),
    // Other managers may send from a shared database: claim each callback first (issue 15 item 2),
    // under the one identity this manager has among them, the claims' (re-made when it is found dead).
    claims: claims && {
      owner: () => claims.instanceId(),
      leaseMs: config.number('ha.lease.secs') * 1000,
      renewMs: config.number('ha.heartbeat.secs') * 1000,
    },
  });
  closing.add('outbox', () => outbox.stop());
  const bus = new EventBus({ store, clock, log, onEnqueued: () => outbox.wake() });
  // The NETCONF streams hear every manager's events on a shared database (issue 15 item 3); what
  // this manager counts is what it did. Its monitor hears every manager's: the deployments it
  // watches may be changed by operations another one runs.
  closing.add('bus', await bus.follow(store));
  bus.subscribe((e) => metrics.eventPublished(e.type), { scope: 'local' });
  const poller = new Poller({ clock, config, log });
  const liveness = opts.liveness ?? chosen.liveness;
  // One runner for rule scripts and script metrics: the same folder, timeout and environment rules.
  const runScript = scriptRunner({ dir: () => config.string('monitor.scripts.dir'), timeoutSecs: () => config.number('monitor.script.timeout.secs') });
  const kpis = kpiReader(liveness, chosen.metrics, scriptMetrics({ run: runScript, log }));
  // Watches VMs after VM_ALIVE (IMPL-2) and hands what it sees to the rule engine made below, which
  // acts through the gated engine; the monitor starts only once both exist.
  let admin: Admin | undefined;
  const seen = loggingSink(log);
  const sink: OutcomeSink = {
    onOutcome: (o) => (seen.onOutcome(o), outcomes.onOutcome(o)),
    onDrift: (d) => (seen.onDrift(d), outcomes.onDrift(d)),
  };
  const monitor = new Monitor({ store, vims, clock, config, log, kpis, sink, mode: () => admin?.opMode() ?? 'OPERATION' });
  closing.add('monitor', () => monitor.stop());
  bus.subscribe((e) => monitor.heard(e));
  const engine = new Engine(
    { store, vims, bus, clock, config, log, poller, liveness, kpis, exports: fileExportSink({ config, dataDir }),
      day0Fetch: (url, o) => boundedGet(egress.fetch, url, o) },
    {
      onAccepted: (op) => {
        metrics.operationStarted(op.kind);
        if (op.deploymentId) monitor.operationAccepted(op.deploymentId);
      },
      onFinished: (op) => {
        metrics.operationFinished(op.kind, op.status);
        if (op.deploymentId) monitor.operationFinished(op.deploymentId);
      },
      // With PostgreSQL: the claims, on the store itself (their fenced writes need no change count:
      // rendered reads are not kept with a shared database).
      claims,
      counters: { onClaimed: (n) => metrics.claimed(n), onTakenOver: (n) => metrics.tookOver(n), onLeaseLost: (n) => metrics.leaseLost(n) },
      // Each deployment is watched by one live manager (issue 15): the monitor is told who is alive.
      onMembers: (self, live) => monitor.members(self, live),
    },
  );
  closing.add('engine', () => engine.stop());
  // A restore replaces the database under the engine: its open operations and pending callbacks are taken up as at a start.
  const resume = async () => {
    const resumed = await engine.start();
    await monitor.start();
    outbox.wake();
    return resumed;
  };
  admin = await Admin.load({ store, resume });
  followSharedState({ shared, settings, credentials, admin, log });
  // Every edge gets the engine through the maintenance gate (escadm op_mode).
  const api = maintenanceGate(engine, () => admin.opMode());
  const outcomes = new RuleEngine({
    actions: ruleActions(api),
    clock,
    log,
    runScript,
  });
  closing.add('outcomes', () => outcomes.close());
  const app = await buildRestServer({ engine: api, config, settings, logger: logger === false ? false : log, metrics, admin, credentials, clock, storeVersion });
  closing.add('app', () => app.close());
  const retention = new EventRetention({ store, clock, config, log });
  closing.add('retention', () => retention.stop());
  retention.start();
  // With several managers this registers the instance: the outbox claims under its id, so it starts after.
  const resumed = await engine.start();
  if (resumed) log.info({ resumed }, 'resumed open operations');
  outbox.start();
  await monitor.start();
  const listeners = await listenRest(app, { config, tls });
  closing.add('listeners', () => listeners.close());
  const url = (listeners.http ?? listeners.https)!;
  const netconf = await startNetconf({ engine: api, bus, clock, config, hostKey, log, verifyPassword: (u, p) => credentials.verify('netconf', u, p) }).catch((err: unknown) => {
    // Port 830 needs root: the manager stays useful over REST, and the one line says how to move it.
    log.error({ err }, `NETCONF not started on ${config.string('netconf.host')}:${config.string('netconf.port')}: ${messageOf(err)}; set netconf.port or VNFM_NETCONF_PORT (e.g. 2830)`);
    return undefined;
  });
  if (netconf) closing.add('netconf', () => netconf.close());
  log.info({ url: `${url}/ESCManager/v0`, httpsUrl: listeners.https, netconfPort: netconf?.port, dataDir, vim: vim.id }, 'openvnfm is ready');

  return {
    url, httpsUrl: listeners.https, config, store, engine, vim, emulator, outbox, metrics, storeTiming, netconfPort: netconf?.port, admin, credentials, settings, outcomes,
    watchedVms: () => monitor.watchedCount,
    // The app closes before the listeners: from then on a request that still arrives gets 503 while
    // they drain; with no more requests, nothing another manager announces is needed (`closeOrder`).
    close: () => closing.close(),
  };
}

/** The credential store; a REST user given in configuration is hashed into it, with a warning to remove the plain text. */
async function openCredentials(shared: SharedState, config: Config, log: pino.Logger): Promise<Credentials> {
  try {
    const credentials = await Credentials.on(shared.credentials);
    for (const [realm, prefix] of [['rest', 'rest.auth'], ['netconf', 'netconf']] as const) {
      const given = { username: config.string(`${prefix}.username`), password: config.string(`${prefix}.password`) };
      if (await credentials.adopt(realm, given))
        log.warn({ where: shared.credentials.where }, `${prefix}.username/${prefix}.password given in configuration were hashed into the credential store; remove them from application.properties and the command line`);
    }
    return credentials;
  } catch (err) {
    // One line naming the problem (`vnfm serve` prints a catalogue error without a stack).
    throw errors.credentialsUnusable(messageOf(err));
  }
}

/**
 * Takes up what another manager on the database changed (issue 15 item 4): each announcement
 * re-reads its part, and `all` (at first, and whenever the connection was made again) every part.
 * A failed re-read is logged; the next announcement or reconnection reads again.
 */
function followSharedState(o: { shared: SharedState; settings: SettingsService; credentials: Credentials; admin: Admin; log: pino.Logger }): void {
  const reread = { settings: () => o.settings.sync(), credentials: () => o.credentials.refresh(), op_mode: () => o.admin.refresh() };
  o.shared.watch((topic) => {
    for (const [part, read] of Object.entries(reread))
      if (topic === part || topic === 'all') read().catch((err: unknown) => o.log.error({ err, part }, 'shared state not re-read'));
  });
}
