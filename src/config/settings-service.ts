/**
 * The settings as an operator reaches them (CONF-1..3): show them, change them at run time, re-read
 * `application.properties`. Every edge that offers settings calls this one service (the REST routes
 * under `/admin/settings`; `escadm vimmanager` speaks to those routes).
 *
 * Why here: settings are no intent on a VNF, so the engine has no part in them and stays free of
 * formats; `config/` owns the layers and imports nothing of ours, so every edge may use it. For the
 * same reason a refusal comes back as a `SettingProblem`, which the edge turns into the error
 * catalogue's entry (`domain/errors.ts`, out of this room's reach).
 */
import { Config, readPropertiesFile } from './config.ts';
import { firstValueProblem, replacementOf, settingsView, type SettingProblem, type ValueProblem } from './settings-rules.ts';

export interface SettingsLog {
  warn(obj: object, msg: string): void;
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

  /** `file` is the `application.properties` that `config` was loaded from; its unknown keys are logged once here. */
  constructor(o: { config: Config; file: string; log: SettingsLog }) {
    this.#config = o.config;
    this.#file = o.file;
    this.#log = o.log;
    this.#warnUnknownKeys();
  }

  /** Every effective key (CONF-2). */
  show(): Record<string, string> {
    return settingsView(this.#config.all());
  }

  /** Run-time changes, all or none (CONF-3); they apply to every read after, and are lost at a restart. */
  change(changes: Readonly<Record<string, string>>): SettingsAnswer {
    const refused = this.#config.change(changes);
    return refused ? { refused } : { settings: this.show() };
  }

  /**
   * Re-reads the file (CONF-1): its values replace the file's earlier ones and run-time changes are
   * dropped; start overrides keep precedence. A bad value in it changes nothing.
   */
  reload(): SettingsAnswer {
    let file: Record<string, string>;
    try {
      file = readPropertiesFile(this.#file);
    } catch (err) {
      return { refused: { reason: 'unreadable', file: this.#file, detail: err instanceof Error ? err.message : String(err) } };
    }
    const outcome = this.#config.reload(file);
    if ('refused' in outcome) return { refused: { ...outcome.refused, file: this.#file } };
    if (outcome.awaitingRestart.length > 0)
      this.#log.warn({ file: this.#file, keys: outcome.awaitingRestart }, 'configuration keys read only at start changed; they take effect at the next restart');
    this.#warnUnknownKeys();
    return { settings: this.show() };
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
