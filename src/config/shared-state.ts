/**
 * What every manager of one installation shares (issue 15 item 4, CONF-4): the run-time settings,
 * the REST and NETCONF users, and what is made once for the whole installation (the NETCONF host
 * key, the self-signed HTTPS pair). With PostgreSQL they live in the database
 * (`store/postgres/shared-state.ts`), so every node answers alike and hears the others' changes;
 * with SQLite one manager owns them and `local-shared-state.ts` keeps them as before: run-time
 * settings in memory, users in `credentials.json`, keys in the data folder.
 *
 * The port lives in `config/` because its first users (the settings service, the credential
 * store) do and this room imports nothing of ours; the store implements it.
 */

/** What changed on another node (or, after a reconnect, `all`: anything may have). */
export const sharedTopics = ['settings', 'credentials', 'op_mode', 'all'] as const;
export type SharedTopic = (typeof sharedTopics)[number];

/**
 * The run-time settings layer (CONF-3) and its generation: `escadm vimmanager restart` clears the
 * layer and bumps the generation, and a node that sees a new generation re-reads its own
 * `application.properties` (CONF-1).
 */
export interface RuntimeSettings {
  generation: number;
  values: Record<string, string>;
}

export interface RuntimeSettingsStore {
  read(): Promise<RuntimeSettings>;
  /** Sets these keys (others stay), all at once. */
  change(values: Readonly<Record<string, string>>): Promise<void>;
  /** Drops every run-time value and bumps the generation. */
  clear(): Promise<void>;
}

/** The credential document (`credentials.ts` owns its shape: salted scrypt hashes only). */
export interface CredentialStore {
  /** The stored document, or undefined when there is none yet. */
  read(): Promise<string | undefined>;
  /** Stores `text` unless a document exists; answers the one stored (the first writer wins). */
  create(text: string): Promise<string>;
  write(text: string): Promise<void>;
  /** What the document is, for messages: "credential file <path>", or the database's. */
  readonly where: string;
}

/** Values made once for the installation and kept. */
export const madeOnceNames = ['netconf.host.key', 'rest.tls.self.signed'] as const;
export type MadeOnceName = (typeof madeOnceNames)[number];

export interface SharedState {
  readonly settings: RuntimeSettingsStore;
  readonly credentials: CredentialStore;
  /** The value kept under `name`, or, when there is none, `make()`'s, kept: the first stored wins. */
  madeOnce(name: MadeOnceName, make: () => Promise<string>): Promise<string>;
  /**
   * Calls `listener` with what another node changed; a single manager hears nothing. Where changes
   * are announced, the listener is first called with `all`, for what was announced before it listened.
   */
  watch(listener: (topic: SharedTopic) => void): void;
  close(): Promise<void>;
}
