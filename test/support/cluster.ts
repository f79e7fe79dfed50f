/**
 * Issue 15 harness: N managers (`vnfm serve` children, child-manager.ts) on one PostgreSQL
 * database, each with its own `server.port`, `netconf.port` and `data.dir`, all driving one
 * standalone emulator (standalone-emulator.ts) — the README's "several managers on one
 * PostgreSQL" on one machine. A test kills (SIGKILL), pauses (SIGSTOP) and resumes them by index.
 */
import { ChildManager } from './child-manager.ts';
import type { StandaloneEmulator } from './standalone-emulator.ts';

export interface ClusterOptions {
  size: number;
  /** A `postgres://` URL of a fresh database (src/store/postgres/testing/test-database.ts). */
  databaseUrl: string;
  emulator: StandaloneEmulator;
  /** `-D` settings for every node (e.g. `ha.lease.secs`). */
  settings?: Record<string, string>;
  /** More environment for every node (e.g. `VNFM_LOG_LEVEL`). */
  env?: NodeJS.ProcessEnv;
}

export class Cluster {
  readonly #nodes: ChildManager[];
  readonly #start: (node: ChildManager) => Promise<void>;

  private constructor(nodes: ChildManager[], start: (node: ChildManager) => Promise<void>) {
    this.#nodes = nodes;
    this.#start = start;
  }

  get nodes(): readonly ChildManager[] {
    return this.#nodes;
  }

  /** Starts every node at once (the schema migration takes an advisory lock) and resolves once each answers. */
  static async start(o: ClusterOptions): Promise<Cluster> {
    const nodes = await Promise.all(Array.from({ length: o.size }, () => ChildManager.create()));
    const start = (node: ChildManager) => node.start(o.settings ?? {}, { ...o.emulator.env, VNFM_DATABASE_URL: o.databaseUrl, VNFM_LIVENESS: 'vim', ...o.env });
    const cluster = new Cluster(nodes, start);
    try {
      await Promise.all(nodes.map(start));
    } catch (err) {
      await cluster.dispose(false);
      throw err;
    }
    return cluster;
  }

  /** `.../ESCManager/v0` of node `i`. */
  api(i: number): string {
    return this.nodes[i]!.api;
  }

  /** SIGKILL node `i` and wait until it is gone. */
  kill(i: number): Promise<void> {
    return this.nodes[i]!.kill();
  }

  /** SIGSTOP node `i`: it keeps its sockets and database connections but runs nothing. */
  pause(i: number): void {
    this.nodes[i]!.pause();
  }

  resume(i: number): void {
    this.nodes[i]!.resume();
  }

  /** Starts node `i` (again, after `kill`) on its own data folder and ports. */
  restart(i: number): Promise<void> {
    return this.#start(this.nodes[i]!);
  }

  /** A further node on the same database and emulator, not started yet (`restart` starts it), disposed with the others; its index. */
  async add(): Promise<number> {
    return this.#nodes.push(await ChildManager.create()) - 1;
  }

  /** For `after`: kills every node, printing their output unless the test passed. */
  async dispose(passed: boolean): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.dispose(passed)));
  }
}
