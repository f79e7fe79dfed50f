/**
 * Rule scripts (issue 12 item 5): a file of `monitor.scripts.dir`, named without a path separator
 * (`domain/rule-actions.ts` refuses one at request time), run without a shell with `execFile`, killed
 * after `monitor.script.timeout.secs`. The script sees only the event's variables and `PATH`, never
 * the manager's own environment (its secrets). It resolves to what the script printed (a script
 * metric's reading, `monitor/script-metrics.ts`); a failure rejects, naming the script and why.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { ScriptRunner } from './actions-port.ts';

export function scriptRunner(o: { dir: () => string; timeoutSecs: () => number }): ScriptRunner {
  return (name, env) =>
    new Promise((resolve, reject) => {
      const dir = o.dir();
      if (!dir) return reject(new Error(`script [${name}] not run: monitor.scripts.dir is not set`));
      const timeout = o.timeoutSecs() * 1000;
      execFile(join(dir, name), [], { env: { PATH: process.env.PATH ?? '', ...env }, timeout, cwd: dir }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const why = err.killed ? `killed after monitor.script.timeout.secs=${o.timeoutSecs()}` : `${err.message.split('\n')[0]}${stderr ? `: ${stderr.trim().slice(0, 500)}` : ''}`;
        reject(new Error(`script [${name}] failed: ${why}`));
      });
    });
}
