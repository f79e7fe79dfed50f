/**
 * IMPL-4 crash-test harness: `vnfm serve` as a child process on a fixed data folder and fixed
 * ports (API, NETCONF and embedded emulator), so it can be SIGKILLed and restarted where it left
 * off, or paused (SIGSTOP) and resumed (issue 15: a manager that outlives its lease). The
 * emulator keeps its state in `<data>/emulator/state.json`, so the VIM outlives the crash. The
 * child's output is kept and printed by `dispose` when the test did not pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reservePort } from '../../src/events/testing/http-receiver.ts';
import { eventually, fastPolling, tempDataDir } from './manager.ts';

const cli = fileURLToPath(new URL('../../src/cli/vnfm.ts', import.meta.url));

export interface EmulatorState {
  servers: { id: string; name: string; status: string }[];
  ports: unknown[];
  volumes: unknown[];
  images: { id: string; name: string; status: string }[];
  snapshots: { id: string; name: string; status: string }[];
}

export class ChildManager {
  readonly dataDir: string;
  readonly apiPort: number;
  readonly netconfPort: number;
  readonly emulatorPort: number;
  /** The script started instead of `vnfm` (`seamed-manager.ts`: stdin lines reach the engine or the rule engine). */
  readonly entry: string;
  output = '';
  #child: ChildProcess | undefined;

  private constructor(dataDir: string, apiPort: number, netconfPort: number, emulatorPort: number, entry: string) {
    this.dataDir = dataDir;
    this.apiPort = apiPort;
    this.netconfPort = netconfPort;
    this.emulatorPort = emulatorPort;
    this.entry = entry;
  }

  /** A fresh data folder and three free ports; nothing runs yet. */
  static async create(o: { entry?: string } = {}): Promise<ChildManager> {
    return new ChildManager(tempDataDir(), await reservePort(), await reservePort(), await reservePort(), o.entry ?? cli);
  }

  /** `.../ESCManager/v0` */
  get api(): string {
    return `http://127.0.0.1:${this.apiPort}/ESCManager/v0`;
  }

  /** The emulator's control endpoint, `.../_emulator`. */
  get emulator(): string {
    return `http://127.0.0.1:${this.emulatorPort}/_emulator`;
  }

  async cloud(): Promise<EmulatorState> {
    return (await (await fetch(`${this.emulator}/state`)).json()) as EmulatorState;
  }

  /** Emulator durations (in memory only: a restarted emulator finishes persisted transitions with its defaults). */
  async setDurations(durations: Record<string, number>): Promise<void> {
    const res = await fetch(`${this.emulator}/durations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(durations) });
    if (!res.ok) throw new Error(`emulator durations: ${res.status} ${await res.text()}`);
  }

  /** Emulator answer delays by route action (`server.attachments.create`), in memory only, as `setDurations`. */
  async setLatency(latencyMs: Record<string, number>): Promise<void> {
    const res = await fetch(`${this.emulator}/latency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(latencyMs) });
    if (!res.ok) throw new Error(`emulator latency: ${res.status} ${await res.text()}`);
  }

  /**
   * Starts `vnfm serve` on the data folder, with `extra` settings (`-D`) and `extraEnv` (e.g. the
   * `OS_*` of a standalone emulator, `VNFM_DATABASE_URL`), and waits until its REST API answers.
   */
  async start(extra: Record<string, string> = {}, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    // The compile cache makes the restart's cold start cheaper on a loaded machine.
    const env: NodeJS.ProcessEnv = { ...process.env, VNFM_LOG_LEVEL: 'warn', NODE_COMPILE_CACHE: join(this.dataDir, 'node-compile-cache') };
    for (const key of Object.keys(env)) if (key.startsWith('OS_') || key.startsWith('NODE_TEST')) delete env[key];
    Object.assign(env, extraEnv);
    const settings = Object.entries({ ...fastPolling, 'netconf.port': String(this.netconfPort), 'emulator.port': String(this.emulatorPort), ...extra }).filter(([k]) => k !== 'server.port');
    const args = [this.entry, 'serve', '--port', String(this.apiPort), '--data-dir', this.dataDir, ...settings.flatMap(([k, v]) => ['-D', `${k}=${v}`])];
    const proc = spawn(process.execPath, args, { env, stdio: [this.entry === cli ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    this.#child = proc;
    proc.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    let exited = false;
    proc.once('exit', () => (exited = true));
    await eventually(async () => {
      if (exited) throw new Error(`manager exited during start-up:\n${this.output}`);
      const res = await fetch(`${this.api}/tenants`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, 25_000, 'the manager to answer');
  }

  /** One line on the child's stdin (`seamed-manager.ts` hands it on). */
  send(item: object): void {
    this.#child!.stdin!.write(`${JSON.stringify(item)}\n`);
  }

  /** Sends `signal` and waits for the exit: its code and how long it took. */
  async stop(signal: 'SIGTERM' | 'SIGINT'): Promise<{ code: number | null; ms: number }> {
    const proc = this.#child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) throw new Error('the manager is not running');
    const started = performance.now();
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill(signal);
    const code = await exited;
    return { code, ms: performance.now() - started };
  }

  /** SIGKILL (no chance to flush or clean up) and wait until the process is gone. */
  async kill(): Promise<void> {
    const proc = this.#child;
    if (!proc || !this.running) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: the process holds its sockets and connections but runs nothing until `resume`. */
  pause(): void {
    this.#signal('SIGSTOP');
  }

  /** SIGCONT after `pause`. */
  resume(): void {
    this.#signal('SIGCONT');
  }

  get running(): boolean {
    const proc = this.#child;
    return proc !== undefined && proc.exitCode === null && proc.signalCode === null;
  }

  #signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    if (!this.running) throw new Error('the manager is not running');
    this.#child!.kill(signal);
  }

  /** For `after`: kills the child, prints its output unless the test passed, removes the data folder. */
  async dispose(passed: boolean): Promise<void> {
    await this.kill();
    if (!passed) console.error(`manager output:\n${this.output}`);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
