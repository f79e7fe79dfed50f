/**
 * The manager's Prometheus metrics, one prom-client Registry per instance (no global registry, so
 * tests and several servers in one process never collide; house rule 8). The REST server records
 * request durations; the engine and the callback outbox get named counters to call, so metric names
 * and labels are declared once, here.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The time in the database the store counts (`store/store-timing.ts`), read at each scrape. */
export interface DatabaseTime {
  readonly statements: number;
  readonly statementSeconds: number;
  readonly commits: number;
  readonly commitSeconds: number;
}

export interface MetricsOptions {
  /** Node process metrics (CPU, memory, event loop, GC); on unless turned off. */
  processMetrics?: boolean;
  /** The store's counts, exposed as `openvnfm_store_*`; absent: not exposed. */
  databaseTime?: DatabaseTime;
}

export class Metrics {
  readonly registry = new Registry();
  readonly #httpDuration: Histogram<'route' | 'method' | 'status_code'>;
  /** One child per label set, found by a string key: prom-client hashes a labels object on every observe (issue 14). */
  readonly #httpDurationOf = new Map<string, Histogram.Internal<'route' | 'method' | 'status_code'>>();
  readonly #operationsStarted: Counter<'kind'>;
  readonly #operationsFinished: Counter<'kind' | 'status'>;
  readonly #eventsPublished: Counter<'type'>;
  readonly #outboxDelivered: Counter;
  readonly #outboxFailed: Counter;
  readonly #haClaims: Counter;
  readonly #haTakeovers: Counter;
  readonly #haLeaseLosses: Counter;

  constructor(opts: MetricsOptions = {}) {
    const registers = [this.registry];
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'openvnfm_' });
    this.#httpDuration = new Histogram({
      name: 'openvnfm_http_request_duration_seconds',
      help: 'REST request duration by route pattern, method and status code',
      labelNames: ['route', 'method', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#operationsStarted = new Counter({
      name: 'openvnfm_operations_started_total',
      help: 'Operations accepted, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.#operationsFinished = new Counter({
      name: 'openvnfm_operations_finished_total',
      help: 'Operations finished, by kind and final status',
      labelNames: ['kind', 'status'],
      registers,
    });
    this.#eventsPublished = new Counter({
      name: 'openvnfm_events_published_total',
      help: 'Domain events published, by event type',
      labelNames: ['type'],
      registers,
    });
    this.#outboxDelivered = new Counter({
      name: 'openvnfm_outbox_delivered_total',
      help: 'Callbacks delivered',
      registers,
    });
    this.#outboxFailed = new Counter({
      name: 'openvnfm_outbox_failed_total',
      help: 'Callback delivery attempts that failed',
      registers,
    });
    // Several managers on one PostgreSQL (issue 15): always 0 with SQLite.
    this.#haClaims = new Counter({ name: 'openvnfm_ha_claims_total', help: 'Run keys this manager claimed free', registers });
    this.#haTakeovers = new Counter({ name: 'openvnfm_ha_takeovers_total', help: 'Run keys this manager took over from a dead one', registers });
    this.#haLeaseLosses = new Counter({ name: 'openvnfm_ha_lease_losses_total', help: 'Runs this manager dropped because their lease was lost', registers });
    if (opts.databaseTime) this.#exposeDatabaseTime(opts.databaseTime, registers);
  }

  /**
   * Counted by the store as plain numbers (a prom-client increment per statement would cost more
   * than many statements do) and copied into the counters when scraped.
   */
  #exposeDatabaseTime(timing: DatabaseTime, registers: Registry[]): void {
    const scraped = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    scraped('openvnfm_store_statements_total', 'Database statements this manager ran', () => timing.statements);
    scraped('openvnfm_store_statement_seconds_total', 'Time in database statements (SQLite: on the event loop; PostgreSQL: round trips)', () => timing.statementSeconds);
    scraped('openvnfm_store_commits_total', 'Database commits this manager made', () => timing.commits);
    scraped('openvnfm_store_commit_seconds_total', 'Time in database commits', () => timing.commitSeconds);
  }

  observeHttpRequest(labels: { route: string; method: string; statusCode: number }, seconds: number): void {
    const key = `${labels.method} ${labels.statusCode} ${labels.route}`;
    let child = this.#httpDurationOf.get(key);
    if (!child) {
      child = this.#httpDuration.labels({ route: labels.route, method: labels.method, status_code: String(labels.statusCode) });
      this.#httpDurationOf.set(key, child);
    }
    child.observe(seconds);
  }

  operationStarted(kind: string): void {
    this.#operationsStarted.inc({ kind });
  }

  operationFinished(kind: string, status: string): void {
    this.#operationsFinished.inc({ kind, status });
  }

  eventPublished(type: string): void {
    this.#eventsPublished.inc({ type });
  }

  outboxDelivered(): void {
    this.#outboxDelivered.inc();
  }

  outboxFailed(): void {
    this.#outboxFailed.inc();
  }

  claimed(keys: number): void {
    this.#haClaims.inc(keys);
  }

  tookOver(keys: number): void {
    this.#haTakeovers.inc(keys);
  }

  leaseLost(runs: number): void {
    this.#haLeaseLosses.inc(runs);
  }

  /** The exposition text and its content type, for GET /metrics. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
