/**
 * The users of the two northbound edges, kept apart as on ESC (esc-interface.md §1.1): the REST user
 * (`admin`/`cisco123` until `escadm rest set` changes it) and the NETCONF user (`admin`/`admin`).
 * Stored only as salted scrypt hashes, with their parameters, as one JSON document in a
 * `CredentialStore`: a file of mode 0600 in the data folder (`local-shared-state.ts`), or the
 * shared database, where a change on one manager reaches the others (`refresh`, issue 15 item 4).
 *
 * Verification compares the user name's digest and the password's hash in constant time, and
 * always runs scrypt, so neither a wrong user nor a wrong password answers sooner. scrypt costs
 * tens of milliseconds by design; REST checks every request, so the last credentials that passed
 * are remembered per realm as a keyed digest (an HMAC under a key made at start, never stored) and
 * a repeat is checked against that, again in constant time. A change forgets it.
 *
 * Callers: `app/manager.ts` opens it, hashes in a password given in configuration and refreshes it
 * when another manager changed it; REST basic auth and `PUT /admin/rest-user` use it; the NETCONF
 * server gets `verify('netconf', …)`.
 */
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { credentialFile } from './local-shared-state.ts';
import type { CredentialStore } from './shared-state.ts';

export const realms = ['rest', 'netconf'] as const;
export type Realm = (typeof realms)[number];

export const defaultUsers: Readonly<Record<Realm, { username: string; password: string }>> = {
  rest: { username: 'admin', password: 'cisco123' },
  netconf: { username: 'admin', password: 'admin' },
};

/** Node's scrypt defaults (N 2^14, r 8, p 1): about 16 MiB and tens of milliseconds per hash. */
const hashParams = { N: 16_384, r: 8, p: 1, keylen: 32 };

interface StoredUser {
  username: string;
  salt: string;
  hash: string;
  N: number;
  r: number;
  p: number;
}

// A control character cannot be typed at a login prompt; ':' ends the user name in HTTP Basic.
const control = /\p{Cc}/u;

/** Why a new user name is refused, or undefined when it is fine. */
export function usernameProblem(username: string): string | undefined {
  if (username.length < 1 || username.length > 64) return 'username must be 1 to 64 characters';
  if (control.test(username) || username.includes(':')) return 'username must not contain control characters or ":"';
  return undefined;
}

/** Why a new user name or password is refused, or undefined when both are fine. */
export function credentialProblem(username: string, password: string): string | undefined {
  const problem = usernameProblem(username);
  if (problem) return problem;
  if (password.length < 1 || password.length > 128) return 'password must be 1 to 128 characters';
  if (control.test(password)) return 'password must not contain control characters';
  return undefined;
}

export class Credentials {
  readonly #store: CredentialStore;
  #users: Record<Realm, StoredUser>;
  readonly #cacheKey = randomBytes(32);
  readonly #lastGood = new Map<Realm, Buffer>();

  private constructor(store: CredentialStore, users: Record<Realm, StoredUser>) {
    this.#store = store;
    this.#users = users;
  }

  /** The users of the credential file `file`, created with the default users when absent. */
  static open(file: string): Promise<Credentials> {
    return Credentials.on(credentialFile(file));
  }

  /** The users kept in `store`; when it holds none, the default users (or another manager's, if it stored first). */
  static async on(store: CredentialStore): Promise<Credentials> {
    let text = await readFrom(store);
    if (text === undefined) {
      const [rest, netconf] = await Promise.all([stored(defaultUsers.rest), stored(defaultUsers.netconf)]);
      text = await store.create(documentOf({ rest, netconf }));
    }
    return new Credentials(store, parseDocument(text, store.where));
  }

  username(realm: Realm): string {
    return this.#users[realm].username;
  }

  async verify(realm: Realm, username: string, password: string): Promise<boolean> {
    const given = createHmac('sha256', this.#cacheKey).update(`${username}\0${password}`).digest();
    const remembered = this.#lastGood.get(realm);
    if (remembered && timingSafeEqual(remembered, given)) return true;
    const user = this.#users[realm];
    const hash = await scryptHash(password, Buffer.from(user.salt, 'base64'), user);
    const nameOk = timingSafeEqual(sha256(username), sha256(user.username));
    const passwordOk = timingSafeEqual(hash, Buffer.from(user.hash, 'base64'));
    if (!(nameOk && passwordOk)) return false;
    // Only if the user checked is still the realm's: a refresh may have replaced it meanwhile.
    if (this.#users[realm] === user) this.#lastGood.set(realm, given);
    return true;
  }

  /** Replaces the realm's user (refused with the problem's text when `credentialProblem` finds one). */
  async set(realm: Realm, username: string, password: string): Promise<void> {
    const problem = credentialProblem(username, password);
    if (problem) throw new Error(problem);
    await this.#replace(realm, await stored({ username, password }));
  }

  /** Back to the realm's default user (`escadm rest set` without arguments). */
  reset(realm: Realm): Promise<void> {
    return this.set(realm, defaultUsers[realm].username, defaultUsers[realm].password);
  }

  /**
   * Hashes in a user given in configuration (`rest.auth.username`/`rest.auth.password` in the file
   * or by -D): a password replaces the user, a user name alone renames it. Returns whether
   * anything was given, so the caller can warn that the plain text should be removed.
   */
  async adopt(realm: Realm, given: { username?: string; password?: string }): Promise<boolean> {
    if (given.password) {
      await this.set(realm, given.username || this.username(realm), given.password);
      return true;
    }
    if (!given.username) return false;
    const problem = usernameProblem(given.username);
    if (problem) throw new Error(problem);
    await this.#replace(realm, { ...this.#users[realm], username: given.username });
    return true;
  }

  /** Takes up the stored users again (another manager changed them); a bad document keeps the ones held. */
  async refresh(): Promise<void> {
    const text = await readFrom(this.#store);
    if (text === undefined) return;
    this.#users = parseDocument(text, this.#store.where);
    this.#lastGood.clear();
  }

  /** One realm's user replaced in the stored document as it is now: another manager may have changed the other realm. */
  async #replace(realm: Realm, user: StoredUser): Promise<void> {
    const stored = await readFrom(this.#store);
    const users = { ...(stored === undefined ? this.#users : parseDocument(stored, this.#store.where)), [realm]: user };
    await this.#store.write(documentOf(users));
    this.#users = users;
    this.#lastGood.clear();
  }
}

function documentOf(users: Record<Realm, StoredUser>): string {
  return `${JSON.stringify(users, null, 2)}\n`;
}

async function readFrom(store: CredentialStore): Promise<string | undefined> {
  try {
    return await store.read();
  } catch (err) {
    throw new Error(`${store.where} cannot be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

async function stored(user: { username: string; password: string }): Promise<StoredUser> {
  const salt = randomBytes(16);
  const hash = await scryptHash(user.password, salt, hashParams);
  return { username: user.username, salt: salt.toString('base64'), hash: hash.toString('base64'), N: hashParams.N, r: hashParams.r, p: hashParams.p };
}

function scryptHash(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, hashParams.keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function parseDocument(text: string, where: string): Record<Realm, StoredUser> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const entry = (realm: Realm): StoredUser => {
    const u = (parsed as Record<string, Partial<StoredUser>> | null)?.[realm];
    const ok = u && typeof u.username === 'string' && typeof u.salt === 'string' && typeof u.hash === 'string' && [u.N, u.r, u.p].every(Number.isInteger);
    if (!ok) throw new Error(`${where} has no valid ${realm} user; remove it to start again from the defaults`);
    return u as StoredUser;
  };
  return { rest: entry('rest'), netconf: entry('netconf') };
}
