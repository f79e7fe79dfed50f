/**
 * Issue 12 item 3: a `SCRIPT` KPI is accepted only when its file is there to run — checked at request
 * time against the real folder, each refusal naming the KPI's script property and why.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Config } from '../config/config.ts';
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import { spec } from '../store/contract/fixtures.ts';
import { checkDeploymentInput } from './input-bounds.ts';

const dir = mkdtempSync(join(tmpdir(), 'openvnfm-input-scripts-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'runs.sh'), '#!/bin/sh\necho 1\n');
chmodSync(join(dir, 'runs.sh'), 0o755);
writeFileSync(join(dir, 'plain.txt'), '1\n');

function scripted(file: string): DeploymentSpec {
  const s = spec('d');
  const group = s.vmGroups[0]!;
  group.kpiData = {
    enabled: true,
    kpis: [{
      eventName: 'SESSIONS', metricValue: '10', metricCond: 'GT', metricType: 'UINT32', metricOccurrencesTrue: 1, metricOccurrencesFalse: 1,
      metricCollector: { type: 'SCRIPT', nicid: 0, pollFrequency: 3, pollingUnit: 'seconds', continuousAlarm: false, properties: [{ name: 'script_filename', value: file }] },
    }],
  };
  return s;
}

const check = (scriptsDir: string, file: string) => checkDeploymentInput({ config: new Config({ 'monitor.scripts.dir': scriptsDir }) }, scripted(file));
const where = 'vm_group[g1]/kpi_data/kpi[SESSIONS]/metric_collector/properties/property[script_filename]';

test('issue 12 item 3: a script metric needs an executable file of monitor.scripts.dir, else 400 naming it', async () => {
  await check(dir, 'runs.sh');
  await assert.rejects(check('', 'runs.sh'), { code: 'INVALID_INPUT', message: `${where} runs.sh needs monitor.scripts.dir, which is not set` });
  await assert.rejects(check(dir, 'gone.sh'), { code: 'INVALID_INPUT', message: `${where} gone.sh is no executable file in monitor.scripts.dir [${dir}]` });
  await assert.rejects(check(dir, 'plain.txt'), { code: 'INVALID_INPUT', message: `${where} plain.txt is no executable file in monitor.scripts.dir [${dir}]` });
  await assert.rejects(check(dir, '/bin/true'), { code: 'INVALID_INPUT', message: `${where} /bin/true names a script by a path; a script metric is a file name in monitor.scripts.dir` });
});
