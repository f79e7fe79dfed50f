/**
 * The event streams (RFC 5277 §3.2): `escEvent`, the stream ESC's clients (NSO) subscribe to, and
 * `NETCONF`, RFC 5277's default stream (what a create-subscription without a stream gets). Both
 * carry the same escEvent notifications, every event but the REST-only ones (REST-5) [I:
 * docs/esc-inferences.md]. Both replay from the persisted event log, which starts at its oldest
 * kept event (`events.retention.days`).
 */
import { channelFilter } from '../../../events/channels.ts';
import { eventTime } from '../../../events/renderers/esc-event-xml.ts';
import { XmlWriter } from '../../../xml/writer.ts';
import type { NotificationDeps } from './deps.ts';

export const defaultStream = 'NETCONF';
export const streamNames = [defaultStream, 'escEvent'] as const;
export const netmodNotificationNamespace = 'urn:ietf:params:xml:ns:netmod:notification';

const descriptions: Record<(typeof streamNames)[number], string> = {
  NETCONF: 'default NETCONF event stream: the escEvent notifications',
  escEvent: 'ESC events (escEvent notifications)',
};

/** The `<netconf xmlns="urn:ietf:params:xml:ns:netmod:notification"><streams>…` subtree for `get`. */
export async function streamsSubtree(deps: NotificationDeps): Promise<string> {
  const created = await replayLogCreationTime(deps);
  const w = new XmlWriter().start('netconf', { xmlns: netmodNotificationNamespace }).start('streams');
  for (const name of streamNames) {
    w.start('stream')
      .leaf('name', name)
      .leaf('description', descriptions[name])
      .leaf('replaySupport', true)
      .leaf('replayLogCreationTime', created)
      .end();
  }
  return w.end().end().toString();
}

/** The oldest kept event's time; with an empty log, now: nothing earlier can be replayed [I]. */
async function replayLogCreationTime(deps: NotificationDeps): Promise<string> {
  const [oldest] = await deps.listEvents({ ...channelFilter('netconf'), limit: 1 });
  return eventTime(oldest?.time ?? new Date(deps.clock.now()).toISOString());
}
