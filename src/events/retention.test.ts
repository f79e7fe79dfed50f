import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { Config } from '../config/config.ts';
import type { DomainEvent } from '../domain/event.ts';
import { FakeClock } from '../time/fake-clock.ts';
import { EventBus } from './bus.ts';
import { EventRetention, retentionPassMs } from './retention.ts';
import { vmAliveWithInterfaces } from './testing/sample-events.ts';
import { openTempStore, type TempStore } from './testing/temp-store.ts';

const dayMs = 86_400_000;
const event = (id: string): DomainEvent => ({ ...vmAliveWithInterfaces, id, seq: undefined });

let temp: TempStore;
let retention: EventRetention | undefined;
beforeEach(async () => (temp = await openTempStore()));
afterEach(async () => {
  await retention?.stop();
  await temp.dispose();
});

test('events.retention.days: a pass deletes the events older than the term; the oldest kept starts the log', async () => {
  const clock = new FakeClock();
  const bus = new EventBus({ store: temp.store, clock });
  await bus.publish(event('old'));
  await clock.advance(2 * dayMs);
  const kept = await bus.publish(event('kept'));
  retention = new EventRetention({ store: temp.store, clock, config: new Config({}, { 'events.retention.days': '2' }), log: console });
  assert.equal(await retention.prune(), 0, 'exactly two days old is kept');
  await clock.advance(1);
  assert.equal(await retention.prune(), 1);
  const [oldest, ...rest] = await temp.store.listEvents({ limit: 1 });
  assert.deepEqual([oldest?.id, oldest?.time, rest.length], ['kept', kept.time, 0]);
});

test('the retention job prunes at start and every hour on the injected clock, reading the setting each pass', async () => {
  const clock = new FakeClock();
  const config = new Config();
  const bus = new EventBus({ store: temp.store, clock });
  await bus.publish(event('a'));
  await clock.advance(dayMs);
  await bus.publish(event('b'));
  const logged: unknown[] = [];
  retention = new EventRetention({ store: temp.store, clock, config, log: { info: (o: unknown) => logged.push(o), error: () => {} } });
  retention.start();
  await clock.advance(0);
  assert.equal((await temp.store.listEvents()).length, 2, 'both within the default 30 days');
  config.set('events.retention.days', '0.5');
  await clock.advance(retentionPassMs - 1);
  assert.equal((await temp.store.listEvents()).length, 2, 'no pass before the hour');
  await clock.advance(1);
  assert.deepEqual((await temp.store.listEvents()).map((e) => e.id), ['b']);
  assert.deepEqual(logged, [{ deleted: 1 }]);
});
