/**
 * `escadm` as a process, for end-to-end tests: each run is recorded into a transcript (`$ escadm
 * …`, its stdout and stderr, and `[exit N]` when not 0) that a test compares with a golden file
 * after `normalize` and the given replacements (temporary paths).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../src/cli/escadm.ts', import.meta.url));
/** Shared by this test file's runs: each start after the first skips compiling escadm's modules. */
const compileCache = mkdtempSync(join(tmpdir(), 'openvnfm-escadm-cache-'));

export interface EscadmRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface EscadmOptions {
  url: string;
  user?: string;
  password?: string;
}

export function runEscadm(args: string[], o: EscadmOptions): Promise<EscadmRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, VNFM_URL: o.url, NODE_COMPILE_CACHE: compileCache };
  for (const key of Object.keys(env)) if (key.startsWith('NODE_TEST') || key.startsWith('VNFM_REST_')) delete env[key];
  if (o.user !== undefined) env.VNFM_REST_USER = o.user;
  if (o.password !== undefined) env.VNFM_REST_PASSWORD = o.password;
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs escadm and keeps each run in `lines`, as a shell session would show it. */
export class EscadmTranscript {
  readonly lines: string[] = [];
  readonly #defaults: EscadmOptions;

  constructor(defaults: EscadmOptions) {
    this.#defaults = defaults;
  }

  async run(args: string[], o: Partial<EscadmOptions> = {}): Promise<EscadmRun> {
    const run = await runEscadm(args, { ...this.#defaults, ...o });
    const who = o.user === undefined ? '' : `VNFM_REST_USER=${o.user} VNFM_REST_PASSWORD=${o.password ?? ''} `;
    this.lines.push(`$ ${who}escadm ${args.join(' ')}\n${run.stdout}${run.stderr}${run.code === 0 ? '' : `[exit ${run.code}]\n`}`);
    return run;
  }

  text(replace: Record<string, string> = {}): string {
    let text = this.lines.join('');
    for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to);
    return text;
  }
}
