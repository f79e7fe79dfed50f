/**
 * The server's NETCONF sessions: their ids (RFC 6241: unique, non-zero), `kill-session`, and the one
 * lock on the running datastore. The lock blocks other NETCONF sessions' edits and RPCs, not REST
 * (issue 11 item 2), and goes when its holder's session ends, however it ends.
 */
import { protocolErrors } from './rpc-error.ts';

export interface LiveSession {
  readonly id: number;
  readonly user: string;
  readonly startedAt: string;
  /** Ends the session at once (kill-session, server shutdown). */
  kill(): void;
}

export class SessionRegistry {
  #nextId = 1;
  readonly #live = new Map<number, LiveSession>();
  #lockHolder: number | undefined;

  newId(): number {
    return this.#nextId++;
  }

  add(session: LiveSession): void {
    this.#live.set(session.id, session);
  }

  /** The session ended: forget it and release its lock (RFC 6241 §7.5). */
  remove(id: number): void {
    this.#live.delete(id);
    if (this.#lockHolder === id) this.#lockHolder = undefined;
  }

  list(): LiveSession[] {
    return [...this.#live.values()];
  }

  get(id: number): LiveSession | undefined {
    return this.#live.get(id);
  }

  lock(id: number): void {
    if (this.#lockHolder !== undefined) throw protocolErrors.lockDenied(this.#lockHolder);
    this.#lockHolder = id;
  }

  unlock(id: number): void {
    if (this.#lockHolder !== id) throw protocolErrors.lockNotHeld(this.#lockHolder);
    this.#lockHolder = undefined;
  }

  /** Before an edit or an RPC of session `id`: refused while another session holds the lock. */
  checkNotLockedByOther(id: number): void {
    if (this.#lockHolder !== undefined && this.#lockHolder !== id) throw protocolErrors.lockDenied(this.#lockHolder);
  }
}
