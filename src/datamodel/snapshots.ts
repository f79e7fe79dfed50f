/**
 * Snapshots as the REST API shows them (SNAP-8) and the snapshot create body (SNAP-2).
 *
 * List: the source's sample made well-formed — a `<snapshots>` root without namespace holding each
 * `<snapshot xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">` with id, name, creation_start_date,
 * creation_end_date (absent until it ends), status, status_message, created_from_generated_vm_name,
 * vim_id, tenant and volume_snapshot_id (absent when none, repeated when several [I]); the JSON
 * mirror is `{"snapshots":{"snapshot":[…]}}`. A completion callback carries one `<snapshot>`.
 *
 * Create body: `{"operation":"snapshot"|"export","name":"…"}`, its mirror `{"snapshot_operation":{…}}`, or
 * `<snapshot_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>snapshot</operation><name>…</name></snapshot_operation>` [I].
 */
import { errors } from '../domain/errors.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { XmlWriter, type XmlFields } from '../xml/writer.ts';
import { parseDocument, renderDocument, type Format } from './document.ts';
import { reader } from './reader.ts';
import { netconfBaseNamespace } from './namespaces.ts';

export function renderSnapshots(list: readonly Snapshot[], format: Format): string {
  if (format === 'json') return `${JSON.stringify({ snapshots: { snapshot: list.map(snapshotBody) } }, null, 2)}\n`;
  const w = new XmlWriter().declaration().start('snapshots');
  for (const s of list) w.start('snapshot', { xmlns: netconfBaseNamespace }).members(snapshotBody(s)).end();
  return w.end().toString();
}

export function renderSnapshot(s: Snapshot, format: Format): string {
  return renderDocument('snapshot', snapshotBody(s), format, netconfBaseNamespace);
}

/** The fields one snapshot shows in the list (SNAP-8), also the `snapshot` of an export manifest. */
export function snapshotBody(s: Snapshot): XmlFields {
  const ids = s.volumeSnapshots.map((v) => v.id);
  return {
    id: s.id,
    name: s.name,
    creation_start_date: s.creationStart,
    creation_end_date: s.creationEnd,
    status: s.status,
    status_message: s.statusMessage,
    created_from_generated_vm_name: s.vmName,
    vim_id: s.vimConnector,
    tenant: s.tenant,
    volume_snapshot_id: ids.length === 0 ? undefined : ids.length === 1 ? ids[0] : ids,
  };
}

const root = 'snapshot_operation';

/**
 * SNAP-2, SNAP-5: the operation is `snapshot`, or `export` (a snapshot also copied out of the VIM;
 * ESC offers it on the CLI, we take it over REST too [I]); the name is checked by the engine (SNAP-4).
 */
export function parseSnapshotOperation(body: string, format: Format): { name: string; export: boolean } {
  if (body.trim() === '') throw errors.snapshotBodyMissing(root);
  const node = parseDocument(format === 'json' ? wrapFlatJson(body) : body, format);
  if (node.name !== root) throw errors.documentRootWrong(root, node.name);
  const r = reader(node, root);
  const operation = r.text('operation');
  const kind = operation.toLowerCase();
  if (kind !== 'snapshot' && kind !== 'export') throw errors.snapshotOperationInvalid(operation);
  // Bounded loosely here: the engine states the SNAP-4 limit in its own words.
  return { name: r.optText('name', 'description') ?? '', export: kind === 'export' };
}

/** `{"operation":…}` → `{"snapshot_operation":{"operation":…}}`; anything else is left to the mirror parser. */
function wrapFlatJson(body: string): string {
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object' && !Array.isArray(value) && 'operation' in value) return JSON.stringify({ [root]: value });
  } catch {
    // malformed: the mirror parser reports it
  }
  return body;
}
