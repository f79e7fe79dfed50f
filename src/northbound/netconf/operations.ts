/**
 * The NETCONF operations (RFC 6241 §7, RFC 6022 get-schema, RFC 5277 create-subscription) and ESC's
 * RPCs, by the element name inside `<rpc>`. Anything else is operation-not-supported.
 */
import { readFile } from 'node:fs/promises';
import type { XmlNode } from '../../xml/parse.ts';
import { get, getConfig } from './datastore.ts';
import { editConfig } from './edit-config.ts';
import { escModuleRevision } from './hello.ts';
import { escRpcs } from './esc-rpcs.ts';
import { openSubscription } from './notifications/subscription.ts';
import type { Operation, Reply, SessionContext } from './operation-context.ts';
import { datastoreIn } from './datastore-ref.ts';
import { protocolErrors } from './rpc-error.ts';
import { xpathToSubtree } from './xpath-select.ts';
import { childNamed, element, leafText, namespaces } from './xml-tree.ts';

const operations: Readonly<Record<string, Operation>> = {
  async get(session, request) {
    return [element('data', await get(session.parts.data, filterOf(request)))];
  },
  async 'get-config'(session, request) {
    datastoreIn(request, 'source');
    return [element('data', await getConfig(session.parts.data, filterOf(request)))];
  },
  'edit-config': editConfig,
  async lock(session, request) {
    datastoreIn(request, 'target');
    session.parts.sessions.lock(session.id);
    return 'ok';
  },
  async unlock(session, request) {
    datastoreIn(request, 'target');
    session.parts.sessions.unlock(session.id);
    return 'ok';
  },
  async 'close-session'(session) {
    session.endAfterReply();
    return 'ok';
  },
  async 'kill-session'(session, request) {
    const id = leafText(request, 'session-id');
    if (id === undefined) throw protocolErrors.missingElement('session-id', 'kill-session');
    if (id === String(session.id)) throw protocolErrors.killOwnSession();
    const victim = /^[1-9]\d*$/.test(id) ? session.parts.sessions.get(Number(id)) : undefined;
    if (!victim) throw protocolErrors.noSuchSession(id);
    victim.kill();
    return 'ok';
  },
  async 'get-schema'(session, request) {
    const identifier = leafText(request, 'identifier');
    if (identifier === undefined) throw protocolErrors.missingElement('identifier', 'get-schema');
    const version = leafText(request, 'version') || undefined;
    const format = leafText(request, 'format');
    const known = identifier === 'esc' && (version === undefined || version === escModuleRevision) && (format === undefined || /(^|:)yang$/.test(format));
    const text = known ? await readFile(session.parts.yangFile, 'utf8').catch(() => undefined) : undefined;
    if (text === undefined) throw protocolErrors.schemaMissing(identifier, version);
    return [element('data', [], { text, namespace: namespaces.monitoring })];
  },
  async 'create-subscription'(session, request) {
    if (session.subscription) throw protocolErrors.subscriptionExists();
    session.subscription = await openSubscription(session.parts.notifications, request, (xml) => session.send(xml), (end) => {
      session.subscription = undefined;
      // Too slow or failed: end the session, so the client reconnects and replays from its last eventTime.
      if (end !== 'complete') session.parts.sessions.get(session.id)?.kill();
    });
    return 'ok';
  },
};

/** Runs the operation `request` names; ESC's RPCs are refused while another session holds the lock. */
export async function runOperation(session: SessionContext, request: XmlNode): Promise<Reply> {
  const operation = operations[request.name];
  if (operation) return operation(session, request);
  const rpc = escRpcs[request.name];
  if (!rpc) throw protocolErrors.operationNotSupported(request.name);
  session.parts.sessions.checkNotLockedByOther(session.id);
  await rpc(session.parts.engine, request)();
  return 'ok';
}

/** The filter of get/get-config as subtree filter nodes; undefined when there is none. */
function filterOf(request: XmlNode): XmlNode[] | undefined {
  const filter = childNamed(request, 'filter');
  if (!filter) return undefined;
  const type = filter.attributes.type ?? 'subtree';
  if (type === 'subtree') return [...filter.children];
  if (type !== 'xpath') throw protocolErrors.badElement('filter', `type [${type}] is not subtree or xpath`);
  const select = filter.attributes.select;
  if (select === undefined) throw protocolErrors.badElement('filter', 'of type xpath needs a select attribute');
  return xpathToSubtree(select);
}
