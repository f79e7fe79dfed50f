/**
 * The deployment document an orchestrator sends (IMPL-1): `esc_datamodel/tenants/tenant/
 * deployments/deployment` in XML or its JSON mirror, exactly one tenant holding exactly one
 * deployment. Parsing validates everything before anything else happens (architecture principle 6):
 * the vm_groups (`vm-group-parse.ts`), ephemeral networks, policies, and the rules spanning groups —
 * unique group names, dependency and placement targets that exist, no dependency cycle (COMP-1).
 * Every refusal is INVALID_INPUT naming the element.
 */
import type {
  DependencySpec,
  DeploymentSpec,
  GroupPlacementSpec,
  NetworkSpec,
  PoliciesSpec,
  VmGroupSpec,
} from '../domain/deployment-spec.ts';
import { errors } from '../domain/errors.ts';
import { findDependencyCycle } from '../domain/limits.ts';
import { placementConflict } from '../domain/placement.ts';
import { escDefaults } from './defaults.ts';
import { parseDocument, type Format } from './document.ts';
import { exactlyOne, reader, type Reader } from './reader.ts';
import { parseExtensions, parseVmGroup, uniqueKeys } from './vm-group-parse.ts';
import type { XmlNode } from '../xml/parse.ts';

/** `parsed`: the document already parsed from `body` (the REST edge's shape check parses XML bodies). */
export function parseDeploymentRequest(body: string, format: Format, parsed?: XmlNode): { tenant: string; spec: DeploymentSpec } {
  const root = parsed ?? parseDocument(body, format);
  if (root.name !== 'esc_datamodel') {
    throw errors.documentRootWrong('esc_datamodel', root.name);
  }
  const tenant = exactlyOne(reader(root, 'esc_datamodel').need('tenants'), 'tenant');
  const deployment = exactlyOne(tenant.need('deployments'), 'deployment');
  return { tenant: tenant.text('name', 'ownName'), spec: parseDeployment(deployment.node) };
}

/** The deployment's `name` is the id in the REST path (`/deployments/{internal_deployment_id}`). */
export function checkDeploymentName(spec: DeploymentSpec, pathId: string): void {
  if (spec.name !== pathId) {
    throw errors.nameNotPathId('deployment', spec.name, pathId);
  }
}

/** One `deployment` element (NETCONF's edit-config carries them inside its own tenant/deployments tree). */
export function parseDeployment(node: XmlNode): DeploymentSpec {
  const r = reader(node, 'deployment');
  const name = r.text('name', 'ownName');
  const vmGroups = r.items(undefined, 'vm_group', 'name').map(parseVmGroup);
  uniqueKeys(r, 'vm_group name', vmGroups.map((g) => g.name));
  const networks = r.items('networks', 'network', 'name').map(parseNetwork);
  uniqueKeys(r, 'networks/network name', networks.map((n) => n.name));
  const policies = parsePolicies(r.child('policies'), vmGroups);
  const conflict = placementConflict({ vmGroups, policies });
  if (conflict) r.fail(`/placement: ${conflict}`);
  return {
    name,
    description: r.optText('description', 'description'),
    policies,
    networks,
    vmGroups,
    extensions: parseExtensions(r),
  };
}

function parseNetwork(r: Reader): NetworkSpec {
  return {
    name: r.text('name'),
    shared: r.bool('shared', escDefaults.network.shared),
    adminState: r.bool('admin_state', escDefaults.network.adminState),
    subnets: r.items(undefined, 'subnet', 'name').map((s) => ({
      name: s.text('name'),
      ipVersion: s.oneOf('ipversion', 'ipVersion', escDefaults.subnet.ipVersion) as 'ipv4' | 'ipv6',
      dhcp: s.bool('dhcp', escDefaults.subnet.dhcp),
      address: s.text('address'),
      netmask: s.text('netmask'),
      gateway: s.optText('gateway'),
    })),
  };
}

function parsePolicies(r: Reader | undefined, groups: readonly VmGroupSpec[]): PoliciesSpec {
  if (r === undefined) return { dependencies: [], placement: [] };
  const dependencies = r.items(undefined, 'startup', 'target_vm_group_ref').map((s) => parseStartup(s, groups));
  uniqueKeys(r, 'startup target_vm_group_ref', dependencies.map((d) => d.target));
  const cycle = findDependencyCycle(new Map(dependencies.map((d) => [d.target, d.dependsOn.map((x) => x.group)])));
  if (cycle) r.fail(`/startup: dependency cycle ${cycle.join(' → ')}`);
  return {
    dependencies,
    placement: r.items(undefined, 'placement', 'target_vm_group_ref').map((p) => parseGroupPlacement(p, groups)),
  };
}

function parseStartup(r: Reader, groups: readonly VmGroupSpec[]): DependencySpec {
  const target = groupRef(r, 'target_vm_group_ref', groups);
  const dependsOn = r.items(undefined, 'depends_on', 'vm_group_ref').map((d) => {
    const group = groupRef(d, 'vm_group_ref', groups);
    const kpiEvent = d.optText('kpi_event_ref');
    if (kpiEvent !== undefined && !group.kpiData.kpis.some((k) => k.eventName === kpiEvent)) {
      d.fail(`/kpi_event_ref ${kpiEvent} is no KPI event of vm_group ${group.name}`);
    }
    return { group: group.name, kpiEvent };
  });
  if (dependsOn.length === 0) r.fail('/depends_on is mandatory');
  return { target: target.name, dependsOn };
}

function parseGroupPlacement(r: Reader, groups: readonly VmGroupSpec[]): GroupPlacementSpec {
  const target = groupRef(r, 'target_vm_group_ref', groups).name;
  const type = r.oneOf('type', 'placementType');
  const enforcement = r.oneOf('enforcement', 'enforcement', escDefaults.groupPlacement.enforcement);
  const refs = r.texts('vm_group_ref');
  if (refs.length === 0) r.fail('/vm_group_ref is mandatory');
  const unknown = refs.find((ref) => !groups.some((g) => g.name === ref));
  if (unknown !== undefined) r.fail(`/vm_group_ref ${unknown} names no vm_group of the deployment`);
  return { target, type, enforcement, groups: refs };
}

function groupRef(r: Reader, name: string, groups: readonly VmGroupSpec[]): VmGroupSpec {
  const ref = r.text(name);
  return groups.find((g) => g.name === ref) ?? r.fail(`/${name} ${ref} names no vm_group of the deployment`);
}
