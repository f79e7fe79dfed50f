/**
 * The effective configuration, in layers, each over the one before: the defaults, then
 * `application.properties` in the data folder (CONF-1), then the overrides given at start (command
 * flags, `-D`, environment), then run-time changes (CONF-3: not kept across a restart). Unknown keys
 * are kept too, since ESC's users carry keys of their own (e.g. `vmware.*`).
 *
 * Readers ask at the moment they need a value, so a run-time change reaches every later read. Only
 * three methods change it, each whole or not at all: `change` (run-time changes, checked by
 * `settings-rules.ts`), `replaceRuntime` (the run-time layer the installation shares, issue 15) and
 * `reload` (a new file layer, dropping the run-time changes). All run synchronously, so no reader
 * ever sees half a change.
 */
import { readFileSync } from 'node:fs';
import { defaults, type ConfigKey } from './defaults.ts';
import { firstChangeProblem, firstValueProblem, isKnownKey, needsRestart, unknownKeys, type SettingProblem, type ValueProblem } from './settings-rules.ts';

export class Config {
  #file: Map<string, string>;
  readonly #start: Map<string, string>;
  #runtime = new Map<string, string>();

  /** `file`: the values of `application.properties`; `start`: the overrides given at start. */
  constructor(file: Record<string, string> = {}, start: Record<string, string> = {}) {
    this.#file = new Map(Object.entries(file));
    this.#start = new Map(Object.entries(start));
  }

  get(key: ConfigKey | (string & {})): string | undefined {
    return this.#runtime.get(key) ?? this.#start.get(key) ?? this.#file.get(key) ?? (isKnownKey(key) ? defaults[key as ConfigKey] : undefined);
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

  /**
   * Run-time changes (CONF-3), all or none: the first key that cannot change (unknown, read only at
   * start, or a bad value) is returned and nothing changes.
   */
  change(changes: Readonly<Record<string, string>>): SettingProblem | undefined {
    const problem = firstChangeProblem(changes);
    if (problem) return problem;
    for (const [key, value] of Object.entries(changes)) this.#runtime.set(key, value);
    return undefined;
  }

  /**
   * The run-time layer replaced whole by `values`, as the installation keeps it (issue 15 item 4):
   * a value this manager would refuse (another version's key, say) is left out and returned.
   */
  replaceRuntime(values: Readonly<Record<string, string>>): string[] {
    const refused = Object.keys(values).filter((key) => firstChangeProblem({ [key]: values[key]! }) !== undefined);
    this.#runtime = new Map(Object.entries(values).filter(([key]) => !refused.includes(key)));
    return refused;
  }

  /** One run-time change that the caller knows is allowed; a refused one is a programming error. */
  set(key: string, value: string): void {
    const problem = this.change({ [key]: value });
    if (problem) throw new Error(`configuration ${key}=${value} refused: ${problem.reason}`);
  }

  /**
   * Replaces the file layer, as a re-read `application.properties` (CONF-1), and drops the run-time
   * changes, as a restart would; the start overrides stay. Keys read only at start keep the value
   * they started with (it is the one in force); those the new file changes (and no start override
   * hides) are listed as waiting for a restart. A bad value is refused and nothing changes.
   */
  reload(file: Readonly<Record<string, string>>): { refused: ValueProblem } | { awaitingRestart: string[] } {
    const problem = firstValueProblem(file);
    if (problem) return { refused: problem };
    const incoming = new Map(Object.entries(file));
    const next = new Map([...incoming].filter(([key]) => !needsRestart(key)));
    for (const [key, value] of this.#file) if (needsRestart(key)) next.set(key, value);
    const awaitingRestart = [...new Set([...incoming.keys(), ...this.#file.keys()])]
      .filter((key) => needsRestart(key) && !this.#start.has(key) && incoming.get(key) !== this.#file.get(key))
      .sort();
    this.#file = next;
    this.#runtime.clear();
    return { awaitingRestart };
  }

  /** The whole effective configuration (CONF-2), unmasked: edges show `settingsView` of it. */
  all(): Record<string, string> {
    return Object.fromEntries([...Object.entries(defaults), ...this.#file, ...this.#start, ...this.#runtime]);
  }

  /** Keys of the file and start layers that the manager does not read (kept and shown: CONF-1). */
  unknownKeys(): string[] {
    return unknownKeys(Object.fromEntries([...this.#file, ...this.#start]));
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
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const at = line.search(/[=:]/);
    if (at < 0) continue;
    out.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return Object.fromEntries(out);
}

export function readPropertiesFile(path: string): Record<string, string> {
  try {
    return parseProperties(readFileSync(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}
