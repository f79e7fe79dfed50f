/**
 * The data NETCONF serves, as trees to filter. The running configuration is the accepted specs as
 * the store holds them (issue 11 item 2: a failed deploy stays until deleted, as on ESC), rendered by
 * the datamodel the way a client would send them; a deployment whose undeploy was accepted has left
 * it. `get` adds the operational data — ESC's opdata, a minimal `/netconf-state` (RFC 6022: the
 * schema `get-schema` serves, the capabilities, the sessions) and the notification streams.
 * Each top-level tree is built only when the filter could select it.
 */
import { renderDeploymentRequest } from '../../datamodel/deployment-render.ts';
import { escNamespace } from '../../datamodel/namespaces.ts';
import { renderDeploymentsOpdata } from '../../datamodel/opdata.ts';
import type { DeploymentView, Tenant } from '../../domain/entities.ts';
import type { EngineApi } from '../../engine/api.ts';
import { parseXml, type DocumentLimits, type XmlNode } from '../../xml/parse.ts';
import { escModuleRevision, serverCapabilities } from './hello.ts';
import type { SessionRegistry } from './sessions.ts';
import { filterMayName, filterSubtree } from './subtree-filter.ts';
import { childNamed, element, leafNode, namespaces } from './xml-tree.ts';

/** Our own renderings are read back whole: the request bounds are for what clients send. */
const ownDocument: DocumentLimits = { maxDepth: 1000, maxElements: Number.POSITIVE_INFINITY };

export interface DataSources {
  engine: Pick<EngineApi, 'listTenants' | 'listDeployments'>;
  sessions: SessionRegistry;
  /** The `/netconf/streams` subtree (nc-notifications), as XML text; undefined while no stream is served. */
  streams(): Promise<string | undefined>;
}

/** A top-level tree: its name and namespace (to match a filter against) and how to build it. */
interface TopLevel {
  name: string;
  namespace: string;
  build(): Promise<XmlNode | undefined>;
}

export async function getConfig(sources: DataSources, filter: readonly XmlNode[] | undefined): Promise<XmlNode[]> {
  return select([{ name: 'esc_datamodel', namespace: escNamespace, build: async () => escDatamodel(sources, false) }], filter);
}

export async function get(sources: DataSources, filter: readonly XmlNode[] | undefined): Promise<XmlNode[]> {
  return select(
    [
      { name: 'esc_datamodel', namespace: escNamespace, build: async () => escDatamodel(sources, true) },
      { name: 'netconf-state', namespace: namespaces.monitoring, build: async () => netconfState(sources.sessions) },
      { name: 'netconf', namespace: 'urn:ietf:params:xml:ns:netmod:notification', build: async () => streams(sources) },
    ],
    filter,
  );
}

/** The deployments of the running configuration (edit-config checks its edits against them). */
export async function runningDeployments(sources: DataSources): Promise<DeploymentView[]> {
  return (await sources.engine.listDeployments()).filter(inRunningConfig);
}

/** An accepted undeploy takes a deployment out of the configuration at once; opdata shows it until it is gone. */
function inRunningConfig(view: DeploymentView): boolean {
  return view.deployment.state !== 'SERVICE_UNDEPLOYING_STATE';
}

async function select(tops: readonly TopLevel[], filter: readonly XmlNode[] | undefined): Promise<XmlNode[]> {
  const wanted = tops.filter((t) => filter === undefined || filterMayName(filter, t.name, t.namespace));
  const built = (await Promise.all(wanted.map((t) => t.build()))).filter((n): n is XmlNode => n !== undefined);
  return filter === undefined ? built : filterSubtree(built, filter);
}

async function escDatamodel(sources: DataSources, withOpdata: boolean): Promise<XmlNode> {
  const [tenants, views] = await Promise.all([sources.engine.listTenants(), sources.engine.listDeployments()]);
  const config = views.filter(inRunningConfig);
  const children = [element('tenants', tenants.map((t) => tenantNode(t, config.filter((v) => v.tenant.name === t.name))))];
  if (withOpdata) children.push(childNamed(parseXml(renderDeploymentsOpdata(views, 'xml'), ownDocument), 'opdata')!);
  return element('esc_datamodel', children, { namespace: escNamespace });
}

function tenantNode(tenant: Tenant, views: readonly DeploymentView[]): XmlNode {
  const leaves = [leafNode('name', tenant.name)];
  if (tenant.description !== undefined) leaves.push(leafNode('description', tenant.description));
  if (views.length === 0) return element('tenant', leaves);
  return element('tenant', [...leaves, element('deployments', views.map(deploymentNode))]);
}

/** The deployment as the datamodel renders a request for it: the same element edit-config takes. */
function deploymentNode(view: DeploymentView): XmlNode {
  const document = parseXml(renderDeploymentRequest(view.tenant.name, view.deployment.spec, 'xml'), ownDocument);
  const tenant = childNamed(childNamed(document, 'tenants')!, 'tenant')!;
  return childNamed(childNamed(tenant, 'deployments')!, 'deployment')!;
}

function netconfState(sessions: SessionRegistry): XmlNode {
  const ns = { namespace: namespaces.monitoring };
  const schema = element('schema', [
    leafNode('identifier', 'esc'),
    leafNode('version', escModuleRevision),
    leafNode('format', 'yang'),
    leafNode('namespace', escNamespace),
    leafNode('location', 'NETCONF'),
  ]);
  const session = sessions.list().map((s) =>
    element('session', [leafNode('session-id', String(s.id)), leafNode('transport', 'netconf-ssh'), leafNode('username', s.user), leafNode('login-time', s.startedAt)]),
  );
  return element(
    'netconf-state',
    [
      element('capabilities', serverCapabilities.map((c) => leafNode('capability', c))),
      element('schemas', [schema]),
      element('sessions', session),
    ],
    ns,
  );
}

async function streams(sources: DataSources): Promise<XmlNode | undefined> {
  const xml = await sources.streams();
  return xml === undefined ? undefined : parseXml(xml, ownDocument);
}
