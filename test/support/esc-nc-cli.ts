/**
 * Runs `esc_nc_cli` as a process with the pinned Node, as an operator would, against a manager's
 * NETCONF port.
 */
import { execFile, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const node = `${root}node_modules/.bin/node`;
const cli = `${root}src/cli/esc-nc-cli.ts`;
/** Node's compile cache for the many short runs: it halves each one's start-up CPU. */
const cacheEnv = { NODE_COMPILE_CACHE: join(tmpdir(), 'openvnfm-esc-nc-cli-compile-cache') };

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** `esc_nc_cli --port <port> <args…>` to its exit; `env` adds to the environment. */
export function escNcCli(port: number | undefined, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const portArgs = port === undefined ? [] : ['--port', String(port)];
  return new Promise((resolve) => {
    execFile(node, [cli, ...portArgs, ...args], { env: { ...process.env, ...cacheEnv, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
    });
  });
}

/** A running `esc_nc_cli … notif`: what it has printed so far, Ctrl-C, and its exit. */
export interface CliWatch {
  stdout(): string;
  interrupt(): void;
  done: Promise<CliRun>;
}

export function watchEscNcCli(port: number, args: readonly string[]): CliWatch {
  const child = spawn(node, [cli, '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...cacheEnv } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return {
    stdout: () => stdout,
    interrupt: () => child.kill('SIGINT'),
    done: new Promise((resolve) => child.on('close', (code) => resolve({ stdout, stderr, code: code ?? 1 }))),
  };
}
