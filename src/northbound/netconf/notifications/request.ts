/**
 * The `<create-subscription>` request (RFC 5277 §2.1.1), read and checked whole before anything
 * is subscribed: the stream (default `NETCONF`), a subtree filter, and the replay window `startTime`/`stopTime`
 * (yang:date-and-time, any offset). Times are kept as the store's ISO 8601 UTC milliseconds;
 * digits below the millisecond are dropped, so a startTime's boundary millisecond is replayed whole.
 */
import { errors } from '../../../domain/errors.ts';
import type { XmlNode } from '../../../xml/parse.ts';
import { defaultStream, streamNames } from './streams.ts';

export interface SubscriptionRequest {
  stream: string;
  /** A subtree filter's nodes (RFC 6241 §6): only notifications it selects something of are sent. */
  filter?: readonly XmlNode[];
  /** Replay from this time (ISO 8601 UTC); absent: live events only. */
  startTime?: string;
  /** The subscription ends at this time (ISO 8601 UTC); only with a startTime. */
  stopTime?: string;
}

const known = new Set(['stream', 'filter', 'startTime', 'stopTime']);
/** RFC 3339 as yang:date-and-time writes it; `Date.parse` alone would take far looser text. */
const dateAndTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function readSubscriptionRequest(request: XmlNode, now: number): SubscriptionRequest {
  const unknown = request.children.find((child) => !known.has(child.name));
  if (unknown) throw errors.subscriptionElementUnsupported(unknown.name);
  const stream = leaf(request, 'stream') ?? defaultStream;
  if (!(streamNames as readonly string[]).includes(stream)) throw errors.subscriptionStreamUnknown(stream, streamNames);
  const filter = subtreeFilter(request);
  const what = filter === undefined ? { stream } : { stream, filter };
  const start = leaf(request, 'startTime');
  const stop = leaf(request, 'stopTime');
  if (start === undefined) {
    if (stop !== undefined) throw errors.subscriptionStopWithoutStart();
    return what;
  }
  const startTime = instant('startTime', start);
  if (Date.parse(startTime) > now) throw errors.subscriptionStartInFuture(start);
  if (stop === undefined) return { ...what, startTime };
  const stopTime = instant('stopTime', stop);
  if (stopTime < startTime) throw errors.subscriptionStopBeforeStart(stop, start);
  return { ...what, startTime, stopTime };
}

function subtreeFilter(request: XmlNode): readonly XmlNode[] | undefined {
  const filter = request.children.find((child) => child.name === 'filter');
  if (filter === undefined) return undefined;
  const type = filter.attributes.type ?? 'subtree';
  if (type !== 'subtree') throw errors.subscriptionFilterTypeUnsupported(type);
  return filter.children;
}

function leaf(node: XmlNode, name: string): string | undefined {
  return node.children.find((child) => child.name === name)?.text.trim();
}

function instant(field: string, value: string): string {
  const ms = dateAndTime.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw errors.subscriptionTimeInvalid(field, value);
  return new Date(ms).toISOString();
}
