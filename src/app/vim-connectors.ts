/**
 * The VIM connectors the manager drives, by id, with one default (ESC's "default VIM connector").
 */
import type { VimRegistry } from '../engine/deployment/deps.ts';
import type { VimDriver } from '../vim/driver.ts';

export class VimConnectors implements VimRegistry {
  #drivers = new Map<string, VimDriver>();
  #defaultId: string;

  constructor(defaultDriver: VimDriver) {
    this.#defaultId = defaultDriver.id;
    this.#drivers.set(defaultDriver.id, defaultDriver);
  }

  get(id: string): VimDriver {
    const driver = this.#drivers.get(id);
    if (!driver) throw new Error(`VIM connector [${id}] is not configured`);
    return driver;
  }

  defaultId(): string {
    return this.#defaultId;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#drivers.values()].map((d) => d.close()));
  }
}
