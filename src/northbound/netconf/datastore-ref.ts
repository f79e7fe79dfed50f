/** `<source>`/`<target>` of an operation: it must name the running datastore, the only one ESC has (esc-interface.md §2.1). */
import type { XmlNode } from '../../xml/parse.ts';
import { protocolErrors } from './rpc-error.ts';

export function datastoreIn(request: XmlNode, role: 'source' | 'target'): void {
  const holder = request.children.find((c) => c.name === role);
  if (!holder) throw protocolErrors.missingElement(role, request.name);
  const datastore = holder.children[0]?.name;
  if (datastore === undefined) throw protocolErrors.missingElement('running', `${request.name}/${role}`);
  if (datastore !== 'running') throw protocolErrors.datastoreUnsupported(datastore);
}
