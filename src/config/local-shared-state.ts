/**
 * The shared state of a manager that shares nothing (SQLite, the embedded default): run-time
 * settings in memory (lost at a restart, CONF-3), the users in `<data.dir>/credentials.json`, and
 * what is made once made by its caller into the data folder. Nobody else changes any of it, so
 * there is nothing to hear.
 */
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { CredentialStore, RuntimeSettingsStore, SharedState } from './shared-state.ts';

export function localSharedState(o: { credentialFile: string }): SharedState {
  return {
    settings: memorySettings(),
    credentials: credentialFile(o.credentialFile),
    madeOnce: (_name, make) => make(),
    watch: () => undefined,
    close: async () => undefined,
  };
}

/** The run-time layer of one process. */
export function memorySettings(): RuntimeSettingsStore {
  let generation = 0;
  let values: Record<string, string> = {};
  return {
    read: async () => ({ generation, values: { ...values } }),
    change: async (changes) => void (values = { ...values, ...changes }),
    clear: async () => {
      values = {};
      generation++;
    },
  };
}

/**
 * The credential document as a file of mode 0600 (a looser mode found is tightened), written whole
 * to a temporary file and renamed, so a crash leaves the old or the new.
 */
export function credentialFile(file: string): CredentialStore {
  const write = (text: string): void => {
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, text, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  };
  return {
    where: `credential file ${file}`,
    read: async () => {
      try {
        if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
        return readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    create: async (text) => (write(text), text),
    write: async (text) => write(text),
  };
}
