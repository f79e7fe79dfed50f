/**
 * The tenant resource of the REST API (`/v0/tenants/{internal_tenant_id}`, esc-interface.md §1.2):
 * `<tenant xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><name/><description/><vim_mapping/></tenant>`,
 * the same tenant inside `esc_datamodel/tenants`, or the JSON `{"tenant":{…}}`. The path id is the
 * tenant's name; a body may restate it but not contradict it, and an empty body asks for a tenant
 * with just that name.
 */
import { netconfBaseNamespace } from './namespaces.ts';
import type { Tenant } from '../domain/entities.ts';
import { errors } from '../domain/errors.ts';
import { textViolation } from '../domain/limits.ts';
import { escDefaults } from './defaults.ts';
import { parseDocument, renderDocument, type Format } from './document.ts';
import { exactlyOne, reader, type Reader } from './reader.ts';
import type { XmlNode } from '../xml/parse.ts';
import type { XmlFields } from '../xml/writer.ts';


export interface TenantRequest {
  name: string;
  description?: string;
  vimMapping: boolean;
}

export function parseTenantRequest(body: string, format: Format, pathId: string): TenantRequest {
  const problem = textViolation(pathId, 'ownName');
  if (problem !== undefined) throw errors.tenantPathIdInvalid(problem);
  if (body.trim() === '') return { name: pathId, vimMapping: escDefaults.tenant.vimMapping };
  const r = tenantElement(parseDocument(body, format));
  const name = r.optText('name', 'ownName') ?? pathId;
  if (name !== pathId) {
    throw errors.nameNotPathId('tenant', name, pathId);
  }
  return tenantFields(r, name);
}

/** A `tenant` element inside `esc_datamodel/tenants` as NETCONF's edit-config carries it: its name is mandatory. */
export function parseTenantElement(node: XmlNode, path: string): TenantRequest {
  const r = reader(node, path);
  return tenantFields(r, r.text('name'));
}

function tenantFields(r: Reader, name: string): TenantRequest {
  return {
    name,
    description: r.optText('description', 'description'),
    vimMapping: r.bool('vim_mapping', escDefaults.tenant.vimMapping),
  };
}

function tenantElement(root: XmlNode): Reader {
  if (root.name === 'tenant') return reader(root, 'tenant');
  if (root.name !== 'esc_datamodel') {
    throw errors.documentRootWrong('tenant or esc_datamodel', root.name);
  }
  return exactlyOne(reader(root, 'esc_datamodel').need('tenants'), 'tenant');
}

export function renderTenant(t: Tenant, format: Format): string {
  return renderDocument('tenant', tenantBody(t), format, netconfBaseNamespace);
}

export function renderTenants(ts: readonly Tenant[], format: Format): string {
  return renderDocument('tenants', { tenant: ts.map(tenantBody) }, format, netconfBaseNamespace);
}

function tenantBody(t: Tenant): XmlFields {
  return {
    name: t.name,
    tenant_id: t.id,
    external_tenant_id: t.vimProjectId,
    vim_mapping: t.vimMapping,
    description: t.description,
    enabled: t.enabled,
  };
}
