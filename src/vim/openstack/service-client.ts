/**
 * @module The one door to an OpenStack service (style §1 `service_client.go`): adds the token and
 * the microversion headers, resolves the endpoint from the catalog of the current token, states
 * accepted statuses, and on a 401 renews the token once (single-flight, `TokenManager`) and
 * replays once. Timeouts and retries come from `http-transport.ts`. Resource folders call only
 * `get` / `post` / `put` / `delete` here and never see a token.
 */
import { VimError } from '../errors.ts';
import type { ServiceKind } from './error-message.ts';
import { emptyStream } from './http-exchange.ts';
import { send, type HttpResponse, type Transport } from './http-transport.ts';
import { findEndpoint, serviceTypes, type EndpointInterface } from './keystone/catalog.ts';
import type { TokenManager } from './keystone/token-manager.ts';
import type { AuthState } from './keystone/wire.ts';

export type Query = Record<string, string | number | boolean | undefined>;

export interface CallOptions {
  ok: readonly number[];
  query?: Query;
  /** Overrides the client's default microversion for this call. */
  microversion?: string;
  /** Marks a POST (a server or volume action) as safe to replay when in doubt. */
  idempotent?: boolean;
  headers?: Record<string, string>;
}

/** Where the service's versioned API lives, given its catalog URL. */
const versionSuffix: Record<ServiceKind, string | undefined> = {
  identity: undefined,
  compute: undefined,
  image: '/v2',
  volume: undefined,
  network: '/v2.0',
};

export class ServiceClient {
  readonly service: ServiceKind;
  readonly #transport: Transport;
  readonly #tokens: TokenManager;
  readonly #where: { interface: EndpointInterface; region?: string };
  readonly #microversion?: string;
  /** Identity calls go to the configured auth URL rather than the catalog. */
  readonly #fixedBase?: string;

  constructor(opts: {
    service: ServiceKind;
    transport: Transport;
    tokens: TokenManager;
    interface: EndpointInterface;
    region?: string;
    microversion?: string;
    fixedBase?: string;
  }) {
    this.service = opts.service;
    this.#transport = opts.transport;
    this.#tokens = opts.tokens;
    this.#where = { interface: opts.interface, region: opts.region };
    this.#microversion = opts.microversion;
    this.#fixedBase = opts.fixedBase;
  }

  async get<T>(path: string, opts: CallOptions): Promise<T> {
    return parse<T>(await this.call('GET', path, undefined, opts));
  }

  async post<T>(path: string, body: unknown, opts: CallOptions): Promise<T> {
    return parse<T>(await this.call('POST', path, body, opts));
  }

  async put<T>(path: string, body: unknown, opts: CallOptions): Promise<T> {
    return parse<T>(await this.call('PUT', path, body, opts));
  }

  async delete(path: string, opts: CallOptions): Promise<void> {
    await this.call('DELETE', path, undefined, opts);
  }

  /** GET whose body is returned as a stream (image data). */
  async download(path: string, opts: CallOptions): Promise<ReadableStream<Uint8Array>> {
    const res = await this.call('GET', path, undefined, { ...opts, headers: { accept: 'application/octet-stream' } }, true);
    return res.stream ?? emptyStream();
  }

  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, opts: CallOptions, stream = false): Promise<HttpResponse> {
    let auth = await this.#tokens.current();
    for (let replayed = false; ; replayed = true) {
      try {
        return await send(this.#transport, {
          service: this.service,
          method,
          url: withQuery(`${this.#base(auth)}/${path}`, opts.query),
          headers: { ...this.#headers(auth.token, opts.microversion ?? this.#microversion, body !== undefined), ...opts.headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          ok: opts.ok,
          idempotent: method !== 'POST' || opts.idempotent === true,
          stream,
        });
      } catch (err) {
        if (replayed || !(err instanceof VimError) || err.status !== 401) throw err;
        auth = await this.#tokens.afterRejected(auth.token);
      }
    }
  }

  #base(auth: AuthState): string {
    if (this.#fixedBase) return this.#fixedBase;
    const url = findEndpoint(auth.catalog, serviceTypes[this.service], this.#where);
    if (!url) {
      throw new VimError(
        `OpenStack catalog has no ${serviceTypes[this.service].join('/')} endpoint (interface ${this.#where.interface}${this.#where.region ? `, region ${this.#where.region}` : ''})`,
        { kind: 'final' },
      );
    }
    const base = url.replace(/\/+$/, '');
    const suffix = versionSuffix[this.service];
    return suffix && !base.endsWith(suffix) ? base + suffix : base;
  }

  #headers(token: string, microversion: string | undefined, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'x-auth-token': token, accept: 'application/json' };
    if (hasBody) headers['content-type'] = 'application/json';
    if (microversion && this.service === 'compute') {
      headers['openstack-api-version'] = `compute ${microversion}`;
      headers['x-openstack-nova-api-version'] = microversion;
    } else if (microversion && this.service === 'volume') {
      headers['openstack-api-version'] = `volume ${microversion}`;
    }
    return headers;
  }
}

function parse<T>(res: HttpResponse): T {
  return (res.text ? JSON.parse(res.text) : undefined) as T;
}

function withQuery(url: string, query: Query | undefined): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const qs = params.toString();
  return qs ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url;
}
