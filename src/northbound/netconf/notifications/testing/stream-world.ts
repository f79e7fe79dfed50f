/**
 * A notification stream's world for tests: a real SQLite store, a real EventBus and the fake
 * clock, the deps `openSubscription` takes, and a subscriber that records what it is sent in a
 * short form (`<status_message>` of an escEvent, the element name of replayComplete and
 * notificationComplete), so a test compares sequences.
 */
import type { RaisedEvent } from '../../../../domain/event.ts';
import { EventBus } from '../../../../events/bus.ts';
import { serviceAliveFailure } from '../../../../events/testing/sample-events.ts';
import { openTempStore, type TempStore } from '../../../../events/testing/temp-store.ts';
import { FakeClock } from '../../../../time/fake-clock.ts';
import { parseXml, type XmlNode } from '../../../../xml/parse.ts';
import type { NotificationDeps, SubscriptionEnd } from '../deps.ts';

export const t0 = Date.parse('2026-06-01T12:00:00.000Z');

export interface StreamWorld {
  temp: TempStore;
  clock: FakeClock;
  bus: EventBus;
  deps: NotificationDeps;
  warnings: { obj: object; msg: string }[];
  /** Publishes an event whose status_message is `name` (and id `evt-<name>`), with `more` over it. */
  publish(name: string, more?: Partial<RaisedEvent>): Promise<void>;
  /** Stores events named so, as the bus would at this time, in one transaction (a long log, quickly). */
  seed(names: readonly string[]): Promise<void>;
  dispose(): Promise<void>;
}

export async function openStreamWorld(opts: { maxQueued?: number } = {}): Promise<StreamWorld> {
  const temp = await openTempStore();
  const clock = new FakeClock(t0);
  const bus = new EventBus({ store: temp.store, clock });
  const warnings: { obj: object; msg: string }[] = [];
  return {
    temp,
    clock,
    bus,
    warnings,
    deps: {
      bus,
      listEvents: (filter) => temp.store.listEvents(filter),
      clock,
      log: { warn: (obj: object, msg?: string) => warnings.push({ obj, msg: msg ?? '' }) },
      ...(opts.maxQueued === undefined ? {} : { maxQueued: opts.maxQueued }),
    },
    async publish(name, more = {}) {
      await bus.publish({ ...named(name), ...more });
    },
    async seed(list) {
      const time = new Date(clock.now()).toISOString();
      await temp.store.transaction(async (tx) => {
        for (const name of list) await tx.appendEvent({ ...named(name), time });
      });
    },
    dispose: () => temp.dispose(),
  };
}

function named(name: string): RaisedEvent {
  const { seq, time, ...base } = serviceAliveFailure;
  return { ...base, id: `evt-${name}`, statusMessage: name };
}

/** `<create-subscription>` with a leaf per field, then `more` (XML) as it is. */
export function subscriptionRequest(fields: Record<string, string> = {}, more = ''): XmlNode {
  const leaves = Object.entries(fields).map(([name, value]) => `<${name}>${value}</${name}>`).join('');
  return parseXml(`<create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0">${leaves}${more}</create-subscription>`);
}

/** Records what a subscription sends; `until(n)` resolves once `n` notifications arrived. */
export class Recorder {
  readonly got: string[] = [];
  readonly documents: string[] = [];
  ends: SubscriptionEnd[] = [];
  #waiters: { n: number; resolve: () => void }[] = [];

  readonly send = (xml: string): void => {
    this.documents.push(xml);
    this.got.push(summary(parseXml(xml)));
    for (const w of this.#waiters.filter((w) => this.got.length >= w.n)) w.resolve();
    this.#waiters = this.#waiters.filter((w) => this.got.length < w.n);
  };

  readonly onEnd = (end: SubscriptionEnd): void => {
    this.ends.push(end);
  };

  until(n: number): Promise<void> {
    if (this.got.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }
}

function summary(notification: XmlNode): string {
  const body = notification.children.find((c) => c.name !== 'eventTime');
  if (body?.name !== 'escEvent') return body?.name ?? '?';
  return body.children.find((c) => c.name === 'status_message')?.text ?? '?';
}

/** Lets every pending callback run a few times over (a subscription's sends are a chain of them). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}
