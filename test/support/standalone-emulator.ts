/**
 * Issue 15 harness: `npm run emulator` (emulator/main.ts) as its own process, on an ephemeral port
 * with its own state folder — a VIM that outlives the managers a test kills. Managers reach it
 * through the `OS_*` variables it prints (`env`); tests read back what it holds through its control
 * endpoint and count servers, ports and volumes per idempotency tag (`<vm id>:server`,
 * `<vm id>:port:<nicid>`, `<vm id>:volume:<name>`) or per name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './manager.ts';

const main = fileURLToPath(new URL('../../emulator/main.ts', import.meta.url));
/** The tag's key in server and volume metadata, and its prefix in a Neutron description (src/vim). */
const tagKey = 'vnfm_tag';
const descriptionPrefix = `${tagKey}=`;

interface Tagged {
  id: string;
  name: string | null;
  metadata?: Record<string, string>;
  description?: string | null;
}

/** What the emulator holds, as far as the tests read it. */
export interface VimState {
  servers: (Tagged & { status: string })[];
  ports: (Tagged & { device_id: string })[];
  volumes: (Tagged & { status: string })[];
}

/** Per tag (or per name for untagged ones): how many of each kind the VIM holds. */
export interface VimCounts {
  servers: Map<string, number>;
  ports: Map<string, number>;
  volumes: Map<string, number>;
}

export class StandaloneEmulator {
  /** `OS_AUTH_URL`, `OS_USERNAME`, ...: what a manager needs to use this emulator as its VIM. */
  readonly env: Record<string, string>;
  readonly url: string;
  /** The state folder this harness made (and removes), none when the caller named a state file. */
  readonly #ownStateDir: string | undefined;
  output = '';
  readonly #proc: ChildProcess;

  private constructor(proc: ChildProcess, env: Record<string, string>, url: string, ownStateDir: string | undefined, output: string) {
    this.#proc = proc;
    this.env = env;
    this.url = url;
    this.#ownStateDir = ownStateDir;
    this.output = output;
    for (const stream of [proc.stdout!, proc.stderr!]) stream.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /**
   * Starts the emulator and resolves once it listens. `timeScale` below 1 makes every VIM
   * transition quicker (many cheap deployments); the state lives in a fresh folder unless
   * `stateFile` carries on a cloud kept there (an embedded emulator's, say, on its `port`).
   * `inMemory`: no state file at all (a benchmark's cloud of 10,000 servers would be written whole
   * after every transition; a kill then loses it).
   */
  static async start(o: { timeScale?: number; port?: number; stateFile?: string; inMemory?: boolean } = {}): Promise<StandaloneEmulator> {
    const ownStateDir = o.stateFile || o.inMemory ? undefined : mkdtempSync(join(tmpdir(), 'openvnfm-emulator-'));
    const stateFile = o.inMemory ? undefined : (o.stateFile ?? join(ownStateDir!, 'state.json'));
    const args = [main, '--port', String(o.port ?? 0), ...(stateFile ? ['--state-file', stateFile] : []), '--time-scale', String(o.timeScale ?? 1)];
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (d: Buffer) => (output += d.toString());
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    let exited = false;
    proc.once('exit', () => (exited = true));
    await eventually(() => {
      if (exited) throw new Error(`the emulator exited during start-up:\n${output}`);
      return output.includes('OS_REGION_NAME') ? true : undefined;
    }, 20_000, 'the emulator to listen');
    proc.stdout!.off('data', collect);
    proc.stderr!.off('data', collect);
    // It prints the OS_* variables for the openstack client: a manager reads the same ones.
    const env = Object.fromEntries([...output.matchAll(/^export (OS_\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    const url = /listening on (\S+)/.exec(output)![1]!;
    return new StandaloneEmulator(proc, env, url, ownStateDir, output);
  }

  /** The emulator's process id (a benchmark reads its RSS apart from the manager's). */
  get pid(): number {
    return this.#proc.pid!;
  }

  async state(): Promise<VimState> {
    const res = await fetch(`${this.url}/_emulator/state`);
    if (!res.ok) throw new Error(`emulator state: ${res.status} ${await res.text()}`);
    return (await res.json()) as VimState;
  }

  /** Servers, ports and volumes counted per tag; what carries no tag counts under `name:<name>`. */
  async counts(): Promise<VimCounts> {
    const s = await this.state();
    return { servers: countBy(s.servers, metadataTag), ports: countBy(s.ports, descriptionTag), volumes: countBy(s.volumes, metadataTag) };
  }

  /** Emulator durations in ms (`{"serverBuild": 50}`), in memory only. */
  async setDurations(durations: Record<string, number>): Promise<void> {
    await this.#send('durations', durations);
  }

  /** Answer delays by route action (`{"server.create": 500}`), in memory only. */
  async setLatency(latencyMs: Record<string, number>): Promise<void> {
    await this.#send('latency', latencyMs);
  }

  /** Fault rules (emulator README), e.g. `{"rules": [{"stuck": {"resource": "server", "status": "BUILD"}}]}`; `clearFaults` lifts them. */
  async setFaults(config: { rules: object[] }): Promise<void> {
    await this.#send('faults', config);
  }

  async clearFaults(): Promise<void> {
    await this.#send('faults', {}, 'DELETE');
  }

  async #send(what: string, body: object, method = 'POST'): Promise<void> {
    const res = await fetch(`${this.url}/_emulator/${what}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`emulator ${what}: ${res.status} ${await res.text()}`);
  }

  /** For `after`: kills the emulator, prints its output unless the test passed, removes its state. */
  async dispose(passed = true): Promise<void> {
    const proc = this.#proc;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
    }
    if (!passed) console.error(`emulator output:\n${this.output}`);
    if (this.#ownStateDir) rmSync(this.#ownStateDir, { recursive: true, force: true });
  }
}

function metadataTag(r: Tagged): string | undefined {
  return r.metadata?.[tagKey];
}

function descriptionTag(r: Tagged): string | undefined {
  return r.description?.startsWith(descriptionPrefix) ? r.description.slice(descriptionPrefix.length) : undefined;
}

function countBy(items: Tagged[], tagOf: (r: Tagged) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of items) {
    const key = tagOf(r) ?? `name:${r.name ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
