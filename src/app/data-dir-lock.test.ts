/**
 * Issue 15 item 7: the data folder's lock — refused while held (in this process or another), taken
 * again once released, and released by the OS when its holder is killed with SIGKILL.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isDomainError } from '../domain/errors.ts';
import { lockDataDir } from './data-dir-lock.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'openvnfm-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const inUse = (err: unknown) => isDomainError(err, 'CONFLICT') && /is in use by another manager .*manager\.lock is locked/.test(err.message);

test('a second lock on the same folder in this process is refused until the first is released', (t) => {
  const dir = tempDir(t);
  const first = lockDataDir(dir);
  assert.throws(() => lockDataDir(dir), inUse);
  first.release();
  first.release();
  lockDataDir(dir).release();
});

test('a lock held by another process is refused; SIGKILL of that process releases it', async (t) => {
  const dir = tempDir(t);
  const module = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));
  const script = `import { lockDataDir } from ${JSON.stringify(module)}; lockDataDir(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 60_000);`;
  const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => holder.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    holder.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
  assert.throws(() => lockDataDir(dir), inUse);
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  holder.kill('SIGKILL');
  await exited;
  lockDataDir(dir).release();
});
