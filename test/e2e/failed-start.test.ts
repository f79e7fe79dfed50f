/**
 * Issue 15 review: a start that fails late — the REST port taken, found only after the store, the
 * event watch, the claim loop, the monitor and the outbox were started — closes all it started, as
 * `close()` does. The start runs in a child process (`test/support/failing-start.ts`): that the
 * process exits by itself shows nothing is left running; on PostgreSQL it also finds none of its
 * connections left on the database (`pg_stat_activity`). The PostgreSQL case skips without a
 * reachable server (fails under CI).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testDatabase } from '../../src/store/postgres/testing/test-database.ts';
import { fastPolling, tempDataDir } from '../support/manager.ts';
import { postgresCluster } from '../support/postgres-cluster.ts';

const script = fileURLToPath(new URL('../support/failing-start.ts', import.meta.url));
/** How long the child may take to exit after its failed start before it is taken as held open. */
const exitWithinMs = 30_000;

interface Outcome {
  error: string;
  left: { pid: number; application_name: string; state: string | null; query: string }[];
}

/** Runs the failing start with `settings` (and `env`); resolves with its report once it exited by itself. */
async function failingStart(settings: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  // As `ChildManager`: no cloud of this process's environment, nor its test runner's context.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OS_') && !key.startsWith('NODE_TEST')));
  const child = spawn(process.execPath, [script, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...inherited, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const timer = setTimeout(() => child.kill('SIGKILL'), exitWithinMs);
  const code = await exited.finally(() => clearTimeout(timer));
  assert.equal(code, 0, `the process did not exit by itself after its failed start:\n${stdout}\n${stderr}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Outcome;
}

describe('issue 15 review: a start that fails late closes everything it started', () => {
  test('SQLite and the embedded emulator: the process exits by itself', { timeout: 60_000 }, async (t) => {
    const dataDir = tempDataDir();
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const outcome = await failingStart({ ...fastPolling, 'data.dir': dataDir });
    assert.match(outcome.error, /EADDRINUSE/);
  });

  describe('on PostgreSQL', async () => {
    const { db, skip } = await testDatabase();
    after(() => db?.drop());

    test('the claim loop, event watch, shared state and outbox are stopped: no connection left, and the process exits', { skip, timeout: 60_000 }, async (t) => {
      const pc = await postgresCluster(t, db!);
      const dataDir = tempDataDir();
      t.after(() => rmSync(dataDir, { recursive: true, force: true }));
      const outcome = await failingStart({ ...fastPolling, 'data.dir': dataDir, 'database.url': pc.url }, { ...pc.emulator.env, VNFM_LIVENESS: 'vim' });
      assert.match(outcome.error, /EADDRINUSE/);
      assert.deepEqual(outcome.left, [], 'connections of the manager still open after its failed start');
    });
  });
});
