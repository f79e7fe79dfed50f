/**
 * Debian's `yanglint` (libyang2-tools) as a process: validates XML documents against the `esc`
 * YANG module the NETCONF server publishes. Tests skip with `yanglintMissing` as the reason when
 * the tool is absent (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const escModulePath = new URL('../../src/northbound/netconf/yang/esc@2026-11-30.yang', import.meta.url).pathname;

/** What a test's `skip` option gets: false when yanglint runs, else why the test cannot. */
export const yanglintMissing: string | false =
  spawnSync('yanglint', ['--version'], { encoding: 'utf8' }).status === 0
    ? false
    : 'yanglint is not installed (apt-get install libyang2-tools; .ci/run does it)';

/**
 * yanglint's `-t` types used here: `config` (a configuration datastore), `get` and `getconfig`
 * (what those answer: with state data, and without), `nc-rpc` (an `<rpc>` envelope), `nc-notif`
 * (a `<notification>` envelope).
 */
export type YanglintType = 'config' | 'get' | 'getconfig' | 'nc-rpc' | 'nc-notif';

export interface YanglintResult {
  ok: boolean;
  /** libyang's messages: empty when the document is valid. */
  messages: string;
}

/** The module alone, or a file (path) against it. */
export function yanglint(type?: YanglintType, file?: string): YanglintResult {
  const args = type === undefined ? [escModulePath] : ['-t', type, escModulePath, file!];
  const run = spawnSync('yanglint', args, { encoding: 'utf8' });
  return { ok: run.status === 0, messages: `${run.stdout}${run.stderr}`.trim() };
}

/** A document held in memory, through a temporary file (yanglint reads files). */
export function yanglintText(type: YanglintType, xml: string): YanglintResult {
  const dir = mkdtempSync(join(tmpdir(), 'openvnfm-yang-'));
  try {
    const file = join(dir, 'doc.xml');
    writeFileSync(file, xml);
    return yanglint(type, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
