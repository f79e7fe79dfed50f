/**
 * What each `esc_nc_cli` command sends: the operation element inside `<rpc>` (the session adds the
 * envelope and the message-id). The ESC RPCs (esc-interface.md §2.6) go in the `esc` namespace as
 * plain RPCs; deletes and tenant creation are `edit-config`s on `esc_datamodel`, as an ESC client
 * sends them. Action types are sent upper-case (ESC's YANG enumerations) so `snapshot-action delete`
 * reads as the source writes it; whether a value is allowed is the server's rule, not repeated here.
 */
import { escNamespace, netconfBaseNamespace } from '../../datamodel/namespaces.ts';
import { parseXml } from '../../xml/parse.ts';
import { escapeXml } from '../../xml/escape.ts';

/** `<name>value</name>` for each present field, in order. */
function leaves(fields: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
}

function escRpc(name: string, fields: Readonly<Record<string, string | undefined>>): string {
  return `<${name} xmlns="${escNamespace}">${leaves(fields)}</${name}>`;
}

export function serviceAction(action: string, tenant: string, deployment: string): string {
  return escRpc('serviceAction', { actionType: action.toUpperCase(), tenantName: tenant, depName: deployment });
}

export function vmAction(action: string, vm: string, force: boolean): string {
  return escRpc('vmAction', { actionType: action.toUpperCase(), vmName: vm, force: String(force) });
}

export function recoveryVmAction(action: string, vm: string): string {
  return escRpc('recoveryVmAction', { actionType: action.toUpperCase(), vmName: vm });
}

/** SNAP-5: `xmlFile` carries the file's text as it is (the server checks it is well-formed and keeps it with the backup) [I]. */
export function vmBackupAction(o: { vm: string; backup: string; action: string | undefined; xmlFile: string | undefined }): string {
  return escRpc('vmBackupAction', { actionType: (o.action ?? 'SNAPSHOT').toUpperCase(), vmName: o.vm, backupName: o.backup, xmlFile: o.xmlFile });
}

/** SNAP-9: one snapshot, by id or name. */
export function snapshotAction(action: string, ref: string): string {
  return escRpc('snapshotAction', { actionType: action.toUpperCase(), snapshotRef: ref });
}

function editConfig(config: string): string {
  return `<edit-config><target><running/></target>${config}</edit-config>`;
}

/** A `<config>` holding one `esc_datamodel` with the nc prefix declared for `nc:operation`. */
function datamodelConfig(tenants: string): string {
  return `<config><esc_datamodel xmlns="${escNamespace}" xmlns:nc="${netconfBaseNamespace}"><tenants>${tenants}</tenants></esc_datamodel></config>`;
}

/** Merge: creating a tenant that exists changes nothing and answers `<ok/>` (esc-interface.md §1.1) [I]. */
export function createTenant(tenant: string): string {
  return editConfig(datamodelConfig(`<tenant>${leaves({ name: tenant })}</tenant>`));
}

export function deleteTenant(tenant: string): string {
  return editConfig(datamodelConfig(`<tenant nc:operation="delete">${leaves({ name: tenant })}</tenant>`));
}

export function deleteDeployment(tenant: string, deployment: string): string {
  const dep = `<deployments><deployment nc:operation="delete">${leaves({ name: deployment })}</deployment></deployments>`;
  return editConfig(datamodelConfig(`<tenant>${leaves({ name: tenant })}${dep}</tenant>`));
}

/**
 * `edit-config <file>`: the file's document goes into `<config>` as written (an ESC deployment file
 * is an `esc_datamodel`; a file that is already a `<config>` is sent as it is). It is parsed first
 * only so a broken file is refused here with its line and column instead of breaking the session;
 * the parse refuses DTDs and entities too.
 */
export function editConfigFile(text: string): string {
  const root = parseXml(text);
  const document = text.replace(/^\uFEFF?\s*<\?xml[^>]*\?>/, '').trim();
  return editConfig(root.name === 'config' ? document : `<config>${document}</config>`);
}

export function get(filter: string | undefined): string {
  return filter === undefined ? '<get/>' : `<get>${filter}</get>`;
}

export function getConfig(filter: string | undefined): string {
  return `<get-config><source><running/></source>${filter ?? ''}</get-config>`;
}

/** RFC 5277 §2.1.1; `startTime` asks for the replay from the event log, `stopTime` ends the subscription. */
export function createSubscription(o: { stream: string; startTime?: string; stopTime?: string }): string {
  const fields = { stream: o.stream, startTime: o.startTime, stopTime: o.stopTime };
  return `<create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0">${leaves(fields)}</create-subscription>`;
}
