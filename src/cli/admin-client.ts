/**
 * escadm's REST client: every command is one request to the manager's admin or settings routes at
 * `VNFM_URL` (default http://127.0.0.1:8080), with HTTP Basic credentials from `VNFM_REST_USER` /
 * `VNFM_REST_PASSWORD` when set (REST auth on). An error answer becomes an `AdminCallError` with
 * the manager's own message; a manager that cannot be reached, one that says so.
 */
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
}

export class AdminClient {
  readonly base: string;
  readonly #authorization: string | undefined;

  constructor(env: AdminClientEnv) {
    this.base = `${(env.VNFM_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')}/ESCManager/v0`;
    const { VNFM_REST_USER: user, VNFM_REST_PASSWORD: password } = env;
    this.#authorization = user ? `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}` : undefined;
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
      res = await fetch(`${this.base}${path}`, { method, headers, body: o.body, ...(o.body instanceof ReadableStream ? { duplex: 'half' } : {}) });
    } catch (err) {
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
