/**
 * The effective configuration: defaults, then `application.properties` in the data folder (CONF-1),
 * then run-time overrides (`set`, CONF-3: not kept across a restart). Unknown keys are kept too,
 * since ESC's users carry keys of their own (e.g. `vmware.*`).
 */
import { readFileSync } from 'node:fs';
import { defaults, type ConfigKey } from './defaults.ts';

export class Config {
  #file: Record<string, string>;
  #overrides: Record<string, string> = {};

  constructor(file: Record<string, string> = {}) {
    this.#file = { ...file };
  }

  get(key: ConfigKey | (string & {})): string | undefined {
    return this.#overrides[key] ?? this.#file[key] ?? (defaults as Record<string, string>)[key];
  }

  string(key: ConfigKey): string {
    return this.get(key) ?? '';
  }

  number(key: ConfigKey): number {
    const raw = this.string(key);
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new Error(`configuration ${key}=${raw} is not a number`);
    return value;
  }

  bool(key: ConfigKey): boolean {
    return this.string(key).trim().toLowerCase() === 'true';
  }

  /** Run-time change (CONF-3). */
  set(key: string, value: string): void {
    this.#overrides[key] = value;
  }

  /** Replaces the file layer (CONF-1 reload); run-time overrides are dropped, as after a restart. */
  reload(file: Record<string, string>): void {
    this.#file = { ...file };
    this.#overrides = {};
  }

  /** The whole effective configuration (CONF-2). */
  all(): Record<string, string> {
    return { ...defaults, ...this.#file, ...this.#overrides };
  }

  /** Poll interval and timeout, in ms, of one asynchronous VIM wait kind (SNAP-11, REST-6). */
  poller(kind: PollKind): { intervalMs: number; timeoutMs: number } {
    return {
      intervalMs: this.number(`vim.asyncpoller.${kind}.poll.secs` as ConfigKey) * 1000,
      timeoutMs: this.number(`vim.asyncpoller.${kind}.timeout.mins` as ConfigKey) * 60_000,
    };
  }
}

export type PollKind =
  | 'server.create'
  | 'server.action'
  | 'server.delete'
  | 'snapshot.create'
  | 'snapshot.delete'
  | 'volume.create'
  | 'volume.delete';

/** Parses `key=value` lines; `#` and `!` start comments, as in Java properties files. */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const at = line.search(/[=:]/);
    if (at < 0) continue;
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

export function readPropertiesFile(path: string): Record<string, string> {
  try {
    return parseProperties(readFileSync(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}
