/**
 * The manager as an operator runs it: `npm start` in its own process (defaults, info logging), its
 * data folder a fresh temp dir, every port ephemeral. Its log goes to a file in that folder, as a
 * service's would, so the benchmark process does not pay for reading it; the ready line in that
 * file names the REST URL the manager bound.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ManagerProcess {
  /** `http://127.0.0.1:<port>/ESCManager/v0` */
  api: string;
  pid: number;
  close(): Promise<void>;
}

const repoRoot = new URL('..', import.meta.url).pathname;

/**
 * Starts `npm start`; `properties` go into the data folder's application.properties (e.g. shorter
 * VIM polls for the set-up deploy). A cloud in the caller's environment is not inherited: the
 * manager drives its embedded emulator, on a free port.
 */
export async function startManagerProcess(properties: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ManagerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openvnfm-bench-proc-'));
  const lines = Object.entries({ 'emulator.port': '0', ...properties }).map(([k, v]) => `${k}=${v}`);
  writeFileSync(join(dataDir, 'application.properties'), `${lines.join('\n')}\n`);
  const logFile = join(dataDir, 'manager.log');
  const out = openSync(logFile, 'a');
  const { OS_CLOUD: _c, OS_AUTH_URL: _a, VNFM_LIVENESS: _l, VNFM_LOG_LEVEL: _v, ...inherited } = process.env;
  // Its own process group, so closing stops npm and the node it started together.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...inherited, VNFM_DATA_DIR: dataDir, VNFM_PORT: '0', VNFM_NETCONF_PORT: '0', ...env },
  });
  const close = async () => {
    await stopGroup(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const api = await readyUrl(logFile, child);
    return { api, pid: child.pid!, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function readyUrl(logFile: string, child: ChildProcess): Promise<string> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (child.exitCode !== null) throw new Error(`manager exited with ${child.exitCode}: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    for (const line of readFileSync(logFile, 'utf8').split('\n')) {
      if (!line.includes('openvnfm is ready')) continue;
      return (JSON.parse(line) as { url: string }).url;
    }
  }
  throw new Error(`manager not ready within 60 s: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}
