/**
 * `edit-config` on the running `esc_datamodel` (issue 11 item 2). On a deployment: `create` deploys
 * (data-exists if present), `merge` and `replace` deploy if absent or update if present, `delete`
 * undeploys (data-missing if absent), `remove` undeploys or does nothing; tenants likewise
 * (`replace` on a tenant does not undeploy the deployments it leaves out: it acts like `merge`).
 * The operation is the element's `operation` attribute, else its parent's, else
 * `default-operation` (merge). A deployment sent again unchanged asks nothing of the engine. ESC's RPCs wrapped in `<config>`, as old clients send them, run as
 * the RPCs do. Every element is parsed and checked against the running configuration before the
 * first engine call, so bad input changes nothing; the calls are the ones REST makes.
 */
import { parseDeployment } from '../../datamodel/deployment-request.ts';
import type { DeploymentSpec } from '../../domain/deployment-spec.ts';
import { parseTenantElement } from '../../datamodel/tenant.ts';
import type { NotifyTargets } from '../../domain/operation.ts';
import type { EngineApi } from '../../engine/api.ts';
import type { XmlNode } from '../../xml/parse.ts';
import { runningDeployments } from './datastore.ts';
import { escRpcs } from './esc-rpcs.ts';
import type { SessionContext } from './operation-context.ts';
import { datastoreIn } from './datastore-ref.ts';
import { protocolErrors } from './rpc-error.ts';
import { childNamed, leafText } from './xml-tree.ts';

const editOperations = ['merge', 'replace', 'create', 'delete', 'remove', 'none'] as const;
type EditOperation = (typeof editOperations)[number];

const notify: NotifyTargets = { format: 'xml' };

/** What the running configuration holds, for the existence checks. */
interface Running {
  tenants: ReadonlySet<string>;
  /** Each deployment's accepted spec, by name. */
  deployments: ReadonlyMap<string, DeploymentSpec>;
}

type Step = () => Promise<unknown>;

export async function editConfig(session: SessionContext, request: XmlNode): Promise<'ok'> {
  datastoreIn(request, 'target');
  const { engine, sessions, data } = session.parts;
  sessions.checkNotLockedByOther(session.id);
  const defaultOperation = leafText(request, 'default-operation') ?? 'merge';
  if (defaultOperation !== 'merge' && defaultOperation !== 'replace' && defaultOperation !== 'none') {
    throw protocolErrors.badElement('default-operation', `[${defaultOperation}] is not merge, replace or none`);
  }
  const testOnly = leafText(request, 'test-option') === 'test-only';
  const config = childNamed(request, 'config');
  if (!config) throw protocolErrors.missingElement('config', 'edit-config');
  const [tenants, deployments] = await Promise.all([engine.listTenants(), runningDeployments(data)]);
  const running: Running = {
    tenants: new Set(tenants.map((t) => t.name)),
    deployments: new Map(deployments.map((v) => [v.deployment.name, v.deployment.spec])),
  };
  const steps = config.children.flatMap((child) => stepsOf(engine, running, child, defaultOperation));
  if (!testOnly) for (const step of steps) await step();
  return 'ok';
}

function stepsOf(engine: EngineApi, running: Running, node: XmlNode, inherited: EditOperation): Step[] {
  const rpc = escRpcs[node.name];
  if (rpc) return [rpc(engine, node)];
  if (node.name !== 'esc_datamodel') throw protocolErrors.unknownElement(node.name, 'config');
  const operation = operationOf(node, inherited);
  return node.children.flatMap((child) => {
    if (child.name !== 'tenants') throw protocolErrors.unknownElement(child.name, 'esc_datamodel');
    const tenantsOperation = operationOf(child, operation);
    return child.children.flatMap((tenant) => {
      if (tenant.name !== 'tenant') throw protocolErrors.unknownElement(tenant.name, 'esc_datamodel/tenants');
      return tenantSteps(engine, running, tenant, operationOf(tenant, tenantsOperation));
    });
  });
}

function tenantSteps(engine: EngineApi, running: Running, tenant: XmlNode, operation: EditOperation): Step[] {
  const name = leafText(tenant, 'name');
  if (!name) throw protocolErrors.missingElement('name', 'esc_datamodel/tenants/tenant');
  const exists = running.tenants.has(name);
  const deleteIt: Step = () => engine.deleteTenant({ name, notify });
  if (operation === 'delete') {
    if (!exists) throw protocolErrors.dataMissing(`tenant [${name}]`);
    return [deleteIt];
  }
  if (operation === 'remove') return exists ? [deleteIt] : [];
  if (operation === 'create' && exists) throw protocolErrors.dataExists(`tenant [${name}]`);
  const path = `esc_datamodel/tenants/tenant[${name}]`;
  const deploymentNodes = tenant.children.filter((c) => c.name === 'deployments');
  const deploymentSteps = deploymentNodes.flatMap((container) =>
    container.children.map((d) => {
      if (d.name !== 'deployment') throw protocolErrors.unknownElement(d.name, `${path}/deployments`);
      return deploymentStep(engine, running, name, d, operationOf(d, operationOf(container, operation)));
    }),
  ).filter((s): s is Step => s !== undefined);
  for (const child of tenant.children) {
    if (!['name', 'description', 'vim_mapping', 'deployments'].includes(child.name)) throw protocolErrors.unknownElement(child.name, path);
  }
  // A new tenant that receives deployments is created by the first deploy (unified deployment, §2.5).
  const createIt = operation !== 'none' && !exists && deploymentSteps.length === 0;
  if (!createIt) return deploymentSteps;
  const fields = parseTenantElement(tenant, path);
  return [() => engine.createTenant({ ...fields, notify })];
}

function deploymentStep(engine: EngineApi, running: Running, tenant: string, node: XmlNode, operation: EditOperation): Step | undefined {
  const name = leafText(node, 'name');
  if (!name) throw protocolErrors.missingElement('name', `esc_datamodel/tenants/tenant[${tenant}]/deployments/deployment`);
  const exists = running.deployments.has(name);
  const undeploy: Step = () => engine.undeploy({ deploymentName: name, notify });
  switch (operation) {
    case 'none':
      return undefined;
    case 'delete':
      if (!exists) throw protocolErrors.dataMissing(`deployment [${name}]`);
      return undeploy;
    case 'remove':
      return exists ? undeploy : undefined;
    case 'create':
      if (exists) throw protocolErrors.dataExists(`deployment [${name}]`);
  }
  const spec = parseDeployment(node);
  if (!exists) return () => engine.deploy({ tenant, spec, notify });
  // The same deployment again changes nothing, so it asks nothing of the engine (NETCONF edits are declarative).
  // Compared as stored: the store keeps specs as JSON, where an absent optional leaf leaves no key.
  if (JSON.stringify(spec) === JSON.stringify(running.deployments.get(name))) return undefined;
  return () => engine.update({ tenant, spec, notify });
}

/** The element's own `operation` attribute (base namespace, RFC 6241 §7.2), else the one it inherits. */
function operationOf(node: XmlNode, inherited: EditOperation): EditOperation {
  const given = node.attributes.operation;
  if (given === undefined) return inherited;
  const operation = editOperations.find((o) => o === given);
  if (!operation) throw protocolErrors.badElement(node.name, `operation [${given}] is not one of ${editOperations.join(', ')}`);
  return operation;
}
