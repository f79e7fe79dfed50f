/**
 * A create-subscription's subtree filter (RFC 5277 §3.6) against one notification: it passes when
 * the filter, applied to the notification's content (the `escEvent` element, RFC 6241 §6 rules of
 * the server's `get`), selects anything; the notification is then sent whole.
 */
import { parseXml, type XmlNode } from '../../../xml/parse.ts';
import { filterSubtree } from '../subtree-filter.ts';

export function filterSelects(filter: readonly XmlNode[], notificationXml: string): boolean {
  const content = parseXml(notificationXml).children.filter((child) => child.name !== 'eventTime');
  return filterSubtree(content, filter).length > 0;
}
