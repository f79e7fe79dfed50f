/**
 * ESC's RPCs (issue 11 item 5; esc-interface.md §2.6), each on the engine call its REST twin makes.
 * A client sends them as plain RPCs or, as ESC 1.x–2.3 clients do, wrapped in edit-config's
 * `<config>`; both forms come here. Parsing checks every input leaf before anything happens and
 * hands back the engine call to make, so an edit-config carrying several is validated whole first.
 *
 * Inputs (leaf names as ESC's YANG spells them; the last two RPCs are inferred [I]):
 *  - serviceAction: actionType START|STOP|REBOOT|ENABLE_MONITOR|DISABLE_MONITOR, tenantName, depName
 *    (serviceName, serviceVersion: 1.x leftovers, accepted and ignored);
 *  - vmAction: actionType (the same), vmName, force (default false; VMOP-2);
 *  - recoveryVmAction: actionType DO, vmName (IMPL-2);
 *  - vmBackupAction: actionType SNAPSHOT (default) | EXPORT, vmName, backupName, xmlFile (optional:
 *    an XML document, as escaped text or inline, that must be well-formed; kept with the snapshot;
 *    SNAP-2, SNAP-5);
 *  - snapshotAction: actionType DELETE, snapshotRef (id or unique name; SNAP-9).
 * Action types are read case-insensitively, like the REST bodies' operations.
 */
import type { NotifyTargets, ServiceAction } from '../../domain/operation.ts';
import type { Accepted, EngineApi } from '../../engine/api.ts';
import { parseXml, type XmlNode } from '../../xml/parse.ts';
import { XmlWriter } from '../../xml/writer.ts';
import { protocolErrors } from './rpc-error.ts';
import { childrenNamed, writeNode } from './xml-tree.ts';

/** NETCONF has no callback URLs: the outcome reaches the client as escEvent notifications. */
const notify: NotifyTargets = { format: 'xml' };

const serviceActions: Readonly<Record<string, ServiceAction>> = {
  START: 'start',
  STOP: 'stop',
  REBOOT: 'reboot',
  ENABLE_MONITOR: 'enableMonitor',
  DISABLE_MONITOR: 'disableMonitor',
};

type EngineCall = () => Promise<Accepted>;
type RpcParser = (engine: EngineApi, input: XmlNode) => EngineCall;

export const escRpcs: Readonly<Record<string, RpcParser>> = {
  serviceAction(engine, input) {
    const leaves = inputOf(input, ['actionType', 'tenantName', 'depName'], ['serviceName', 'serviceVersion']);
    const action = oneOf(leaves, 'actionType', serviceActions);
    return () => engine.serviceAction({ tenant: leaves.tenantName!, deploymentName: leaves.depName!, action, notify });
  },
  vmAction(engine, input) {
    const leaves = inputOf(input, ['actionType', 'vmName'], ['force']);
    const action = oneOf(leaves, 'actionType', serviceActions);
    const force = oneOf(leaves, 'force', { TRUE: true, FALSE: false }, false);
    return () => engine.vmAction({ vmName: leaves.vmName!, action, force, notify });
  },
  recoveryVmAction(engine, input) {
    const leaves = inputOf(input, ['actionType', 'vmName'], []);
    oneOf(leaves, 'actionType', { DO: 'DO' });
    return () => engine.recoverVm({ vmName: leaves.vmName!, notify });
  },
  vmBackupAction(engine, input) {
    const leaves = inputOf(input, ['vmName', 'backupName'], ['actionType', 'xmlFile']);
    const exported = oneOf(leaves, 'actionType', { SNAPSHOT: false, EXPORT: true }, false);
    const xmlFile = xmlFileOf(input);
    return () => engine.snapshot({ vmName: leaves.vmName!, name: leaves.backupName!, export: exported, xmlFile, notify });
  },
  snapshotAction(engine, input) {
    const leaves = inputOf(input, ['actionType', 'snapshotRef'], []);
    oneOf(leaves, 'actionType', { DELETE: 'DELETE' });
    return () => engine.deleteSnapshot({ ref: leaves.snapshotRef!, notify });
  },
};

/** The input's leaves by name: every mandatory one present, nothing unknown, none repeated, none a container. */
function inputOf(input: XmlNode, mandatory: readonly string[], optional: readonly string[]): Record<string, string> {
  const leaves: Record<string, string> = {};
  for (const child of input.children) {
    if (!mandatory.includes(child.name) && !optional.includes(child.name)) throw protocolErrors.unknownElement(child.name, input.name);
    if (child.name in leaves) throw protocolErrors.badElement(child.name, `appears more than once in ${input.name}`);
    if (child.children.length > 0 && child.name !== 'xmlFile') throw protocolErrors.badElement(child.name, 'must be a value, not a container');
    leaves[child.name] = child.text.trim();
  }
  for (const name of mandatory) {
    if (leaves[name] === undefined || leaves[name] === '') throw protocolErrors.missingElement(name, input.name);
  }
  return leaves;
}

function oneOf<T>(leaves: Record<string, string>, name: string, allowed: Readonly<Record<string, T>>, fallback?: T): T {
  const given = leaves[name];
  if (given === undefined && fallback !== undefined) return fallback;
  const value = allowed[(given ?? '').toUpperCase()];
  if (value === undefined) throw protocolErrors.badElement(name, `[${given}] is not one of ${Object.keys(allowed).join(', ')}`);
  return value;
}

/**
 * vmBackupAction's optional XML file as the text to keep (SNAP-5 [I]): escaped text must parse as a
 * document; inline elements were parsed with the request and are kept as they were sent.
 */
function xmlFileOf(input: XmlNode): string | undefined {
  const [file] = childrenNamed(input, 'xmlFile');
  if (!file) return undefined;
  if (file.children.length > 1) throw protocolErrors.badElement('xmlFile', 'is not a well-formed XML document: more than one root element');
  if (file.children.length === 1) {
    const w = new XmlWriter();
    writeNode(w, file.children[0]!, file.namespace);
    return w.toString().trim();
  }
  const text = file.text.trim();
  if (text === '') return undefined;
  try {
    parseXml(text);
  } catch (err) {
    throw protocolErrors.badElement('xmlFile', `is not a well-formed XML document: ${(err as Error).message}`);
  }
  return text;
}
