/**
 * What the notification stream needs from the manager (netconf-shared.md, the fixed interface the
 * NETCONF server calls): the bus to hear events as they are stored, the engine's event read for
 * the replay, and the injected clock.
 */
import type { Logger } from 'pino';
import type { EngineApi } from '../../../engine/api.ts';
import type { EventBus } from '../../../events/bus.ts';
import type { Clock } from '../../../time/clock.ts';

export interface NotificationDeps {
  bus: Pick<EventBus, 'subscribe'>;
  listEvents: EngineApi['listEvents'];
  clock: Clock;
  /** Where a subscription ended by the manager (too slow, failed) says why. */
  log?: Pick<Logger, 'warn'>;
  /** Live events a subscription may hold unsent before it is ended as too slow (default `defaultMaxQueued`). */
  maxQueued?: number;
}

export interface Subscription {
  /** Ends the subscription (the session closed): no more sends. */
  close(): void;
}

/** Why a subscription ended on its own, told to the session so it can end too or accept a new one. */
export type SubscriptionEnd = 'complete' | 'too-slow' | 'failed';

/**
 * 1,000 notifications (about 1.5 MB of escEvent XML) unsent: a client that far behind is told so
 * by the end of its session and replays from its last eventTime, rather than holding memory [I].
 */
export const defaultMaxQueued = 1000;
