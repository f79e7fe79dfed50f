/**
 * RFC 5277's `replayComplete` and `notificationComplete`, stamped with the time they are sent;
 * whole documents without the XML declaration (the session frames them), like the escEvents
 * (`renderEscEventElement`) they follow.
 */
import { eventTime, notificationNamespace } from '../../../events/renderers/esc-event-xml.ts';
import { XmlWriter } from '../../../xml/writer.ts';
import { netmodNotificationNamespace } from './streams.ts';

export function replayCompleteNotification(now: number): string {
  return streamNotification('replayComplete', now);
}

export function notificationCompleteNotification(now: number): string {
  return streamNotification('notificationComplete', now);
}

function streamNotification(name: string, now: number): string {
  return new XmlWriter()
    .start('notification', { xmlns: notificationNamespace })
    .leaf('eventTime', eventTime(new Date(now).toISOString()))
    .start(name, { xmlns: netmodNotificationNamespace })
    .end()
    .end()
    .toString();
}
