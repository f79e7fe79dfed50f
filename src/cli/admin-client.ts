/**
 * escadm's REST client: every command is one request to the manager's admin or settings routes at
 * `VNFM_URL` (default http://127.0.0.1:8080), with HTTP Basic credentials from `VNFM_REST_USER` /
 * `VNFM_REST_PASSWORD` when set (REST auth on). An error answer becomes an `AdminCallError` with
 * the manager's own message; a manager that cannot be reached, one that says so.
 *
 * HTTPS (issue 13 item 3): an `https://` VNFM_URL is checked against the system's CAs, or against
 * `VNFM_CA_FILE` (PEM; the manager's self-signed `<data.dir>/tls/cert.pem` is its own CA), or is
 * pinned by `VNFM_TLS_FINGERPRINT` (the SHA-256 the manager logs at start; the name in the
 * certificate is then not checked, the key is what counts).
 */
import { readFileSync } from 'node:fs';
import { TLSSocket } from 'node:tls';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';

export class AdminCallError extends Error {
  /** The HTTP status, or undefined when the manager could not be reached. */
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined) {
    super(message);
    this.name = 'AdminCallError';
    this.status = status;
  }
}

export interface AdminClientEnv {
  VNFM_URL?: string;
  VNFM_REST_USER?: string;
  VNFM_REST_PASSWORD?: string;
  VNFM_CA_FILE?: string;
  VNFM_TLS_FINGERPRINT?: string;
}

export class AdminClient {
  readonly base: string;
  readonly #authorization: string | undefined;
  readonly #env: AdminClientEnv;
  #dispatcher: Agent | undefined;

  constructor(env: AdminClientEnv) {
    this.base = `${(env.VNFM_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')}/ESCManager/v0`;
    const { VNFM_REST_USER: user, VNFM_REST_PASSWORD: password } = env;
    this.#authorization = user ? `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}` : undefined;
    this.#env = env;
  }

  /** Ends the kept-alive TLS connections (a plain-HTTP client holds none of its own). */
  async close(): Promise<void> {
    await this.#dispatcher?.close();
  }

  /** A JSON request (`body` serialised when given); the JSON answer. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body === undefined ? {} : { body: JSON.stringify(body), type: 'application/json' });
    return (await res.json()) as T;
  }

  /** Any request; the answer when its status is 2xx, else `AdminCallError` with the manager's message. */
  async send(method: string, path: string, o: { body?: RequestInit['body']; type?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (o.type) headers['content-type'] = o.type;
    if (this.#authorization) headers.authorization = this.#authorization;
    let res: Response;
    try {
      const init = { method, headers, body: o.body, ...(o.body instanceof ReadableStream ? { duplex: 'half' as const } : {}) };
      this.#dispatcher ??= tlsDispatcher(this.#env, this.base);
      res = this.#dispatcher
        ? ((await undiciFetch(`${this.base}${path}`, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: this.#dispatcher })) as unknown as Response)
        : await fetch(`${this.base}${path}`, init);
    } catch (err) {
      if (err instanceof AdminCallError) throw err;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new AdminCallError(`cannot reach the manager at ${this.base}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, undefined);
    }
    if (res.ok) return res;
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { error_message?: string } }).error?.error_message ?? text;
    } catch {
      // not our error body (a proxy's page): shown as it came
    }
    throw new AdminCallError(`${message} (HTTP ${res.status})`, res.status);
  }
}

/** The TLS checks `env` asks for, as an undici dispatcher; undefined: the system's CAs (Node's fetch). */
function tlsDispatcher(env: AdminClientEnv, base: string): Agent | undefined {
  const pinned = env.VNFM_TLS_FINGERPRINT && fingerprintOf(env.VNFM_TLS_FINGERPRINT);
  if (!pinned && !env.VNFM_CA_FILE) return undefined;
  if (!base.startsWith('https://')) throw new AdminCallError(`VNFM_CA_FILE and VNFM_TLS_FINGERPRINT need an https:// VNFM_URL, not ${base}`, undefined);
  if (!pinned) {
    let ca: string;
    try {
      ca = readFileSync(env.VNFM_CA_FILE!, 'utf8');
    } catch (err) {
      throw new AdminCallError(`cannot read VNFM_CA_FILE: ${(err as Error).message}`, undefined);
    }
    return new Agent({ connect: { ca } });
  }
  // Pinned: any chain is taken, then the certificate must be the one named.
  const connect = buildConnector({ rejectUnauthorized: false });
  return new Agent({
    connect: (options, callback) =>
      connect(options, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no connection'), null);
        const got = socket instanceof TLSSocket ? socket.getPeerCertificate().fingerprint256 : undefined;
        if (got && fingerprintOf(got) === pinned) return callback(null, socket);
        socket.destroy();
        callback(new Error(`the manager's certificate (SHA-256 ${got ?? 'none'}) is not the one VNFM_TLS_FINGERPRINT names`), null);
      }),
  });
}

/** A SHA-256 fingerprint in one spelling: upper-case hex without colons. */
function fingerprintOf(text: string): string {
  return text.replace(/[:\s]/g, '').toUpperCase();
}
