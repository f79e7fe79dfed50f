/**
 * Access to the real OpenStack rig for the acceptance suites (IMPL-3): its credentials come from
 * the rig's openrc (`export OS_...=...` lines). Without the rig, tests skip with a message on a
 * developer's machine but fail under CI (env CI set), where the cloud must be there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

export const openrcPath = process.env.OSRIG_OPENRC ?? '/tmp/osrig/openrc';

/** `export NAME=value` lines of an openrc file. */
export function readOpenrc(path: string = openrcPath): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*export\s+(\w+)=["']?([^"'\n]*)["']?\s*$/.exec(line);
    if (m?.[1]) env[m[1]] = m[2] ?? '';
  }
  return env;
}

export const rigAvailable = existsSync(openrcPath);

const absent = `no ${openrcPath}: start the rig with bash test/openstack-real/up.sh`;

/** Registers a placeholder test that skips (or fails under CI) when the rig is absent. */
export function reportRigAbsent(name: string): void {
  test(name, (t) => {
    if (process.env.CI) throw new Error(`${absent} (CI requires the real cloud)`);
    t.skip(absent);
  });
}
