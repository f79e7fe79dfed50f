/**
 * The settings as an operator reaches them (CONF-1..3): show them, change them at run time, re-read
 * `application.properties`. Every edge that offers settings calls this one service (the REST routes
 * under `/admin/settings`; `escadm vimmanager` speaks to those routes).
 *
 * Why here: settings are no intent on a VNF, so the engine has no part in them and stays free of
 * formats; `config/` owns the layers and imports nothing of ours, so every edge may use it. For the
 * same reason a refusal comes back as a `SettingProblem`, which the edge turns into the error
 * catalogue's entry (`domain/errors.ts`, out of this room's reach).
 *
 * The run-time layer lives in a `RuntimeSettingsStore` (issue 15 item 4, CONF-4): in memory for a
 * manager alone, in the database for several, where a change or a restart made on one node reaches
 * every node. Every change goes through the store and comes back by `sync`, which reads the store's
 * layer whole and puts it in force; when its generation moved (`escadm vimmanager restart` on any
 * node) this node first re-reads its own file. Syncs run one at a time, in call order, so an older
 * read never lands after a newer one.
 */
import { Config, readPropertiesFile } from './config.ts';
import { memorySettings } from './local-shared-state.ts';
import { firstChangeProblem, firstValueProblem, replacementOf, settingsView, type SettingProblem, type ValueProblem } from './settings-rules.ts';
import type { RuntimeSettingsStore } from './shared-state.ts';

export interface SettingsLog {
  warn(obj: object, msg: string): void;
  error?(obj: object, msg: string): void;
}

/** The effective settings as shown (sorted, secrets masked), or why nothing changed. */
export type SettingsAnswer = { settings: Record<string, string> } | { refused: SettingProblem };

/**
 * The configuration at start: `file` (absent is empty) and the `start` overrides, each value
 * checked, so a bad one stops the start naming file, key and value (CONF-1).
 */
export function loadConfig(file: string, start: Readonly<Record<string, string>>): { config: Config } | { refused: ValueProblem } {
  const values = readPropertiesFile(file);
  const fromFile = firstValueProblem(values);
  if (fromFile) return { refused: { ...fromFile, file } };
  const fromStart = firstValueProblem(start);
  if (fromStart) return { refused: fromStart };
  return { config: new Config(values, start) };
}

export class SettingsService {
  readonly #config: Config;
  readonly #file: string;
  readonly #log: SettingsLog;
  readonly #runtime: RuntimeSettingsStore;
  /** The generation whose file layer is in force; undefined until the first sync (the file read at start is). */
  #generation: number | undefined;
  #syncs: Promise<unknown> = Promise.resolve();

  /**
   * `file` is the `application.properties` that `config` was loaded from; its unknown keys are
   * logged once here. `runtime` is where run-time changes are kept (default: this process's memory).
   */
  constructor(o: { config: Config; file: string; log: SettingsLog; runtime?: RuntimeSettingsStore }) {
    this.#config = o.config;
    this.#file = o.file;
    this.#log = o.log;
    this.#runtime = o.runtime ?? memorySettings();
    this.#warnUnknownKeys();
  }

  /** Every effective key (CONF-2). */
  show(): Record<string, string> {
    return settingsView(this.#config.all());
  }

  /** Run-time changes, all or none (CONF-3); they apply to every read after, and are lost at a restart. */
  async change(changes: Readonly<Record<string, string>>): Promise<SettingsAnswer> {
    const refused = firstChangeProblem(changes);
    if (refused) return { refused };
    await this.#runtime.change(changes);
    await this.sync();
    return { settings: this.show() };
  }

  /**
   * Re-reads the file (CONF-1): its values replace the file's earlier ones and run-time changes are
   * dropped — on every node sharing them, each re-reading its own file; start overrides keep
   * precedence. A bad value in this node's file changes nothing.
   */
  async reload(): Promise<SettingsAnswer> {
    const read = this.#readFile();
    if ('refused' in read) return read;
    const problem = firstValueProblem(read.values);
    if (problem) return { refused: { ...problem, file: this.#file } };
    await this.#runtime.clear();
    await this.sync({ reloadFile: true });
    return { settings: this.show() };
  }

  /** Puts the kept run-time layer in force, after this node's file again when a restart moved the generation. */
  sync(o: { reloadFile?: boolean } = {}): Promise<void> {
    const next = this.#syncs.then(() => this.#sync(o.reloadFile === true));
    this.#syncs = next.catch(() => undefined);
    return next;
  }

  async #sync(reloadFile: boolean): Promise<void> {
    const { generation, values } = await this.#runtime.read();
    if (reloadFile || (this.#generation !== undefined && generation !== this.#generation)) this.#reloadFile();
    this.#generation = generation;
    const refused = this.#config.replaceRuntime(values);
    if (refused.length > 0) this.#log.warn({ keys: refused }, 'run-time settings this manager cannot apply are left out');
  }

  /** The file again, after a restart asked on this node or another; a bad file keeps the earlier values, said once. */
  #reloadFile(): void {
    const read = this.#readFile();
    const outcome = 'refused' in read ? read : this.#config.reload(read.values);
    if ('refused' in outcome) {
      (this.#log.error ?? this.#log.warn)({ file: this.#file, problem: outcome.refused }, 'application.properties not re-read: the values read before stay');
      return;
    }
    if (outcome.awaitingRestart.length > 0)
      this.#log.warn({ file: this.#file, keys: outcome.awaitingRestart }, 'configuration keys read only at start changed; they take effect at the next restart');
    this.#warnUnknownKeys();
  }

  #readFile(): { values: Record<string, string> } | { refused: SettingProblem } {
    try {
      return { values: readPropertiesFile(this.#file) };
    } catch (err) {
      return { refused: { reason: 'unreadable', file: this.#file, detail: err instanceof Error ? err.message : String(err) } };
    }
  }

  #warnUnknownKeys(): void {
    const keys = this.#config.unknownKeys();
    if (keys.length > 0) this.#log.warn({ file: this.#file, keys }, 'configuration keys openvnfm does not read are kept as given');
    for (const key of keys) {
      const replacedBy = replacementOf(key);
      if (replacedBy) this.#log.warn({ file: this.#file, key, replacedBy }, `configuration key ${key} is no longer read: set ${replacedBy} instead`);
    }
  }
}
