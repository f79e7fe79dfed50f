/**
 * The bounds a deploy or a service update must keep before it is accepted (issue 13), checked by
 * the front door so every edge gets them and nothing is recorded on a refusal: the deployment's
 * size (`limits.*`, domain rule `deploymentBoundProblem`), each day-0 `file://` template readable
 * under the day-0 rule now (and read again when the VM is built; an http(s) one is checked as a
 * URL now and fetched only then), every KPI with a collector the monitor has (IMPL-2,
 * `domain/kpi.ts`; a script metric's file executable in `monitor.scripts.dir` now) and the KPI rules (`domain/rule-actions.ts`), the tenant's deployment count, and
 * a new tenant's name as a Keystone project name.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import { errors } from '../domain/errors.ts';
import { kpiProblem, scriptOf, scriptPath } from '../domain/kpi.ts';
import { rulesProblem } from '../domain/rule-actions.ts';
import { boundProblem, deploymentBoundProblem, deploymentBoundSettings, keystoneProjectNameProblem, type DeploymentBounds } from '../domain/limits.ts';
import type { Store } from '../store/store.ts';
import type { EngineDeps } from './deployment/deps.ts';
import { day0FilesOf } from './deployment/day0-files.ts';
import { checkDay0Template } from './vm/day0.ts';

export async function checkDeploymentInput(deps: Pick<EngineDeps, 'config'>, spec: DeploymentSpec): Promise<void> {
  const bounds = Object.fromEntries(deploymentBoundSettings.map((key) => [key, deps.config.number(key)])) as DeploymentBounds;
  const problem = deploymentBoundProblem(spec, bounds);
  if (problem) throw errors.boundExceeded(problem);
  for (const group of spec.vmGroups) {
    const kpi = kpiProblem(group);
    if (kpi) throw errors.invalidElement(kpi.path, kpi.problem);
  }
  await checkMetricScripts(spec, deps.config.string('monitor.scripts.dir'));
  const files = day0FilesOf(deps.config);
  for (const group of spec.vmGroups) for (const c of group.configData) if (c.file !== undefined) await checkDay0Template(c, group.name, files);
  const scriptsDir = deps.config.string('monitor.scripts.dir') !== '';
  for (const group of spec.vmGroups) {
    const rules = rulesProblem(group, { scriptsDir });
    if (rules) throw errors.rulesInvalid(rules);
  }
}

/** Issue 12 item 3: a `SCRIPT` KPI's file is there to run, or the request is refused naming it. */
async function checkMetricScripts(spec: DeploymentSpec, dir: string): Promise<void> {
  for (const group of spec.vmGroups)
    for (const kpi of group.kpiData.kpis) {
      const script = scriptOf(kpi);
      if (script === undefined) continue;
      if (!dir) throw errors.invalidElement(scriptPath(group, kpi), ` ${script} needs monitor.scripts.dir, which is not set`);
      const runnable = await access(join(dir, script), constants.X_OK).then(() => true, () => false);
      if (!runnable) throw errors.invalidElement(scriptPath(group, kpi), ` ${script} is no executable file in monitor.scripts.dir [${dir}]`);
    }
}

/** SNAP-5 [I]: the XML document kept with a backup is no larger than a REST body may be (`rest.body.limit.bytes`). */
export function checkXmlFileSize(deps: Pick<EngineDeps, 'config'>, xmlFile: string | undefined): void {
  if (xmlFile === undefined) return;
  const problem = boundProblem('xmlFile bytes', Buffer.byteLength(xmlFile), deps.config.number('rest.body.limit.bytes'), 'rest.body.limit.bytes');
  if (problem) throw errors.boundExceeded(problem);
}

/** `limits.tenant.deployments.max`: room for one more deployment in `tenant`. */
export async function checkTenantRoom(deps: Pick<EngineDeps, 'config'>, tx: Store, tenant: string): Promise<void> {
  const max = deps.config.number('limits.tenant.deployments.max');
  if (max === 0) return;
  const problem = boundProblem(`tenant [${tenant}] deployments`, (await tx.countDeployments({ tenant })) + 1, max, 'limits.tenant.deployments.max');
  if (problem) throw errors.boundExceeded(problem);
}

/** A tenant about to be created that maps to a VIM project must have a name Keystone accepts. */
export function checkProjectName(name: string, vimMapping: boolean): void {
  const problem = vimMapping ? keystoneProjectNameProblem(name) : undefined;
  if (problem) throw errors.tenantNameNotAProjectName(name, problem);
}
