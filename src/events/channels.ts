/**
 * Where an event may go (REST-5): every event is stored, listed by `GET /events` and sent as a
 * REST callback when the operation asked for one; the NETCONF stream (and its replay) carries only
 * events not marked `restOnly` (the volume-from-snapshot events). The NETCONF stream subscribes to
 * the bus with channel `netconf` and reads its replay from the store with `channelFilter('netconf')`.
 */
import type { DomainEvent } from '../domain/event.ts';
import type { EventFilter } from '../store/store.ts';

export type EventChannel = 'rest' | 'netconf';

export function reachesChannel(event: Pick<DomainEvent, 'restOnly'>, channel: EventChannel): boolean {
  return channel === 'rest' || event.restOnly !== true;
}

/** The store's filter for the events that reach the channel: the same rule as `reachesChannel`, in SQL. */
export function channelFilter(channel: EventChannel): Pick<EventFilter, 'excludeRestOnly'> {
  return { excludeRestOnly: channel === 'netconf' };
}
