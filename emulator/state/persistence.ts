/**
 * The state file (IMPL-4 for the embedded VIM): the whole `EmuState` as JSON, rewritten atomically
 * after every mutating request (before its response is sent) and after every transition, so a
 * manager killed with SIGKILL finds its VMs where they were.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import type { EmuState } from './model.ts';

export interface StatePersistence {
  load(): EmuState | undefined;
  save(state: EmuState): void;
}

export function fileState(path: string): StatePersistence {
  mkdirSync(dirname(path), { recursive: true });
  return {
    load() {
      if (!existsSync(path)) return undefined;
      const state = JSON.parse(readFileSync(path, 'utf8')) as EmuState;
      if (state.format !== 1) throw new Error(`emulator state ${path}: unknown format ${String(state.format)}`);
      return state;
    },
    save: (state) => writeFileAtomic(path, JSON.stringify(state)),
  };
}

export const noPersistence: StatePersistence = { load: () => undefined, save: () => {} };
