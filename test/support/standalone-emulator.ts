/**
 * `npm run emulator` as a process (issue 15): a VIM that outlives any manager, as managers on
 * PostgreSQL need (they never start the embedded one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from './manager.ts';

/**
 * The emulator on `port`, until the caller kills it; resolves once it listens, with the `OS_*`
 * variables it prints. `stateFile` carries on a cloud kept there (e.g. an embedded emulator's).
 */
export async function standaloneEmulator(port: number, o: { stateFile?: string } = {}): Promise<{ env: NodeJS.ProcessEnv; proc: ChildProcess }> {
  const main = fileURLToPath(new URL('../../emulator/main.ts', import.meta.url));
  const args = [main, '--port', String(port), ...(o.stateFile ? ['--state-file', o.stateFile] : [])];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  await eventually(() => (output.includes('OS_PASSWORD') ? true : undefined), 20_000, 'the emulator to listen');
  // It prints the OS_* variables for the openstack client: the manager reads the same ones.
  const env = Object.fromEntries([...output.matchAll(/^export (OS_\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  return { env, proc };
}
