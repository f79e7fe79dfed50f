/**
 * What the durable-execution machinery itself touches (house rule 8: passed in, no singletons).
 */
import type { Config } from '../../config/config.ts';
import type { Store } from '../../store/store.ts';
import type { Clock } from '../../time/clock.ts';
import type { EventPublisher, Logger } from './ports.ts';

export interface RuntimeDeps {
  store: Store;
  bus: EventPublisher;
  clock: Clock;
  config: Config;
  log: Logger;
}
