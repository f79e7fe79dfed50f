/**
 * Rule scripts (issue 12 item 5) run for real: without a shell, in `monitor.scripts.dir`, with the
 * event's variables and PATH only, killed after `monitor.script.timeout.secs`.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { scriptRunner } from './script-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'openvnfm-scripts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): void {
  writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

test('issue 12 item 5: the script runs in its folder with the event as environment variables, not the manager\'s environment', async () => {
  script('record.sh', 'echo "$ESC_EVENT $VM_NAME [$HOME]" > out.txt; echo 42');
  const printed = await scriptRunner({ dir: () => dir, timeoutSecs: () => 5 })('record.sh', { ESC_EVENT: 'VM_OVERLOADED', VM_NAME: 'dep_g_0_x' });
  assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'VM_OVERLOADED dep_g_0_x []\n');
  assert.equal(printed, '42\n', 'what it printed, for a script metric');
});

test('issue 12 item 5: a failing script and one past monitor.script.timeout.secs reject, naming the script and why', async () => {
  script('fails.sh', 'echo broken >&2; exit 3');
  script('hangs.sh', 'sleep 5');
  const run = scriptRunner({ dir: () => dir, timeoutSecs: () => 0.2 });
  await assert.rejects(run('fails.sh', {}), /^Error: script \[fails.sh\] failed: .*: broken$/);
  await assert.rejects(run('hangs.sh', {}), /^Error: script \[hangs.sh\] failed: killed after monitor.script.timeout.secs=0.2$/);
  await assert.rejects(run('missing.sh', {}), /^Error: script \[missing.sh\] failed: .*ENOENT/);
  await assert.rejects(scriptRunner({ dir: () => '', timeoutSecs: () => 1 })('x.sh', {}), /monitor.scripts.dir is not set/);
});
