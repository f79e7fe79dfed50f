/**
 * Stands in for `./notifications/index.ts` (built on the nc-notify branch, netconf-shared.md) with
 * the same signatures, so the server is wired to the real thing by changing one import.
 */
// TODO(lead, issue 11 merge): import from './notifications/index.ts' in operations.ts and server.ts, then delete this file.
import type { EngineApi } from '../../engine/api.ts';
import type { EventBus } from '../../events/bus.ts';
import type { Clock } from '../../time/clock.ts';
import type { XmlNode } from '../../xml/parse.ts';
import { protocolErrors } from './rpc-error.ts';

export interface NotificationDeps {
  bus: Pick<EventBus, 'subscribe'>;
  listEvents: EngineApi['listEvents'];
  clock: Clock;
}

export interface Subscription {
  close(): void;
}

export async function openSubscription(_deps: NotificationDeps, _request: XmlNode, _send: (notificationXml: string) => void): Promise<Subscription> {
  throw protocolErrors.operationNotSupported('create-subscription');
}

export async function streamsSubtree(_deps: NotificationDeps): Promise<string | undefined> {
  return undefined;
}
