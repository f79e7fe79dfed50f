/**
 * @module One Keystone token (and its catalog) for one project scope, as keystoneauth keeps it
 * (openstack-api.md §1.4): reused until 120 s before `expires_at`, then renewed; a 401 from a
 * service renews it once. Renewals are single-flight: concurrent callers share one POST, like
 * gophercloud's `reauthFuture`.
 */
import { send, type Transport } from '../http-transport.ts';
import { authTokensUrl } from './urls.ts';
import { passwordAuthBody, toAuthState, type AuthState, type PasswordCredentials, type ProjectScope } from './wire.ts';

/** keystoneauth `MIN_TOKEN_LIFE_SECONDS`. */
export const refreshBeforeExpiryMs = 120_000;

export class TokenManager {
  readonly #transport: Transport;
  readonly #authUrl: string;
  readonly #credentials: PasswordCredentials;
  readonly #scope: ProjectScope;
  #current?: AuthState;
  #pending?: Promise<AuthState>;

  constructor(opts: { transport: Transport; authUrl: string; credentials: PasswordCredentials; scope: ProjectScope }) {
    this.#transport = opts.transport;
    this.#authUrl = opts.authUrl;
    this.#credentials = opts.credentials;
    this.#scope = opts.scope;
  }

  /** A token valid for at least the next 120 s. */
  async current(): Promise<AuthState> {
    const cur = this.#current;
    if (cur && cur.expiresAt - this.#transport.clock.now() > refreshBeforeExpiryMs) return cur;
    return this.#renew();
  }

  /** After a 401 with `rejected`: renew once, unless a concurrent caller already did. */
  async afterRejected(rejected: string): Promise<AuthState> {
    const cur = this.#current;
    if (cur && cur.token !== rejected) return cur;
    return this.#renew();
  }

  #renew(): Promise<AuthState> {
    this.#pending ??= this.#authenticate().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #authenticate(): Promise<AuthState> {
    const res = await send(this.#transport, {
      service: 'identity',
      method: 'POST',
      url: authTokensUrl(this.#authUrl),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(passwordAuthBody(this.#credentials, this.#scope)),
      ok: [201],
      idempotent: true, // a token POST changes nothing on the VIM
    });
    this.#current = toAuthState(res.header('x-subject-token'), res.text);
    return this.#current;
  }
}
