/**
 * The one request loop for every emulated service (devstack-style prefixes on one port). Per
 * request: route → microversion → token → fault rules → latency → handler → persist → reply.
 * A mutating request's state write happens before its response is sent (crash safety), and a
 * `lostResponse` fault drops the answer only after that write.
 *
 * Two doors reach the loop: `createHttpServer` (a `node:http` listener) and `createDirectHandler`
 * (a function, no socket: the driver's transport calls the emulator in process; `createFetchHandler`
 * puts it behind a `fetch`-compatible function).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Cloud } from '../state/cloud.ts';
import { renderError } from './errors.ts';
import { actionName, matchRoute, pathKnown } from './router.ts';
import { anonymous, type AuthInfo, type Ctx, type ServiceDef } from './service.ts';
import { ApiError, type EmuReply, type EmuRequest } from './types.ts';

export interface HttpOptions {
  cloud: Cloud;
  services: ServiceDef[];
  authenticate(cloud: Cloud, token: string): AuthInfo | undefined;
  /** Called for requests no route serves (debugging aid for new clients). */
  onUnrouted?(method: string, path: string): void;
}

/** A request as either door receives it. */
interface Incoming {
  method: string;
  /** Path and query as sent. */
  target: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  /** `http://host:port` as the client addressed us. */
  baseUrl: string;
}

/** What to send back; `lost` when a fault drops the answer after the state was written. */
type Outgoing = { lost: true } | { lost: false; status: number; headers: Record<string, string>; payload?: Buffer };

const MAX_BODY = 64 * 1024 * 1024;

export function createHttpServer(opts: HttpOptions): Server {
  return createServer((req, res) => {
    serveNode(opts, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
}

/** A request handed to the in-process door: the driver's own shape, no WHATWG objects. */
export interface DirectRequest {
  method: string;
  /** Absolute URL (its origin is the base the emulator answers links with). */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

/** The answer of the in-process door; header names as the routes spell them. */
export interface DirectResponse {
  status: number;
  headers: Record<string, string>;
  /** Absent or empty: no body. */
  payload: Buffer | undefined;
}

/**
 * The loop called in process, no socket (issue 14: no `Request`/`Response` pair per call). Same
 * routing, faults, latency and persistence as the listener. A lost answer rejects as undici does
 * when the connection resets after the request was sent (in doubt).
 */
export function createDirectHandler(opts: HttpOptions): (req: DirectRequest) => Promise<DirectResponse> {
  return async (req) => {
    const url = new URL(req.url);
    const headers: IncomingHttpHeaders = {};
    for (const name in req.headers) headers[name.toLowerCase()] = req.headers[name];
    const raw = req.body === undefined ? Buffer.alloc(0) : typeof req.body === 'string' ? Buffer.from(req.body) : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
    const incoming = { method: req.method, target: url.pathname + url.search, headers, raw, baseUrl: url.origin };
    const out = await untilAborted(answer(opts, incoming), req.signal);
    if (out.lost) throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    return { status: out.status, headers: out.headers, payload: out.payload };
  };
}

/** The direct door behind a `fetch` function, for callers that speak WHATWG fetch. */
export function createFetchHandler(opts: HttpOptions): typeof fetch {
  const direct = createDirectHandler(opts);
  return async (input, init) => {
    const req = new Request(input, init);
    const body = new Uint8Array(await req.arrayBuffer());
    const out = await direct({ method: req.method, url: req.url, headers: Object.fromEntries(req.headers), body, signal: req.signal });
    const empty = out.payload === undefined || out.payload.length === 0 || [204, 205, 304].includes(out.status);
    return new Response(empty ? null : new Uint8Array(out.payload ?? []), { status: out.status, headers: out.headers });
  };
}

/** The caller stops waiting when its signal aborts (its timeout), as with a real connection. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function serveNode(opts: HttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const out = await answer(opts, {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    headers: req.headers,
    raw: await readBody(req),
    baseUrl: `http://${req.headers.host ?? 'localhost'}`,
  });
  if (out.lost) {
    req.socket.destroy();
    return;
  }
  res.writeHead(out.status, out.headers);
  res.end(out.payload);
}

async function answer(opts: HttpOptions, incoming: Incoming): Promise<Outgoing> {
  const { cloud } = opts;
  const url = new URL(incoming.target, 'http://x');
  const service = opts.services
    .filter((s) => url.pathname === s.prefix || url.pathname.startsWith(s.prefix + '/'))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!service) {
    opts.onUnrouted?.(incoming.method, url.pathname);
    return outgoing({ status: 404, raw: 'Not Found', contentType: 'text/plain' }, {});
  }
  const emu: EmuRequest = {
    method: incoming.method,
    path: url.pathname.slice(service.prefix.length).replace(/\/+$/, ''),
    fullPath: url.pathname,
    query: url.searchParams,
    headers: incoming.headers,
    body: undefined,
    raw: incoming.raw,
    params: {},
    baseUrl: incoming.baseUrl,
  };
  const requestId = `req-${randomUUID()}`;
  const idHeaders: Record<string, string> = { 'x-openstack-request-id': requestId };
  if (service.name === 'compute' || service.name === 'volume') idHeaders['X-Compute-Request-Id'] = requestId;

  let versionHeaders: Record<string, string> = {};
  let lost = false;
  const reply = await (async (): Promise<EmuReply> => {
    try {
      const match = matchRoute(service.routes, emu.method, emu.path);
      if (!match) {
        opts.onUnrouted?.(emu.method, url.pathname);
        if (pathKnown(service.routes, emu.path)) throw new ApiError(405, 'The method is not allowed for the requested URL.');
        throw new ApiError(404, 'The resource could not be found.');
      }
      emu.params = match.params;
      emu.body = parseJson(emu);
      let mv = 0;
      if (service.negotiate) ({ mv, headers: versionHeaders } = service.negotiate(emu));
      const auth = match.route.auth === false ? anonymous : checkToken(opts, emu);
      const action = actionName(match.route, emu);
      const fault = cloud.faults.forRequest({ method: emu.method, path: url.pathname, service: service.name, action });
      if (fault?.status !== undefined) throw new ApiError(fault.status, fault.message ?? `Injected fault (${action})`);
      lost = fault?.lostResponse === true;
      const latency = cloud.timing.latency(action, service.name);
      if (latency > 0) await cloud.clock.sleep(latency);
      const ctx: Ctx = { cloud, service: service.name, auth, mv };
      return await match.route.handler(ctx, emu);
    } catch (err) {
      if (err instanceof ApiError) return renderError(service.name, err, emu);
      return renderError(service.name, new ApiError(500, `Unexpected error: ${String(err)}`), emu);
    } finally {
      if (emu.method !== 'GET' && emu.method !== 'HEAD') cloud.persist();
    }
  })();
  if (lost) return { lost: true };
  return outgoing(emu.method === 'HEAD' ? { ...reply, body: undefined, raw: undefined } : reply, { ...idHeaders, ...versionHeaders });
}

function checkToken(opts: HttpOptions, req: EmuRequest): AuthInfo {
  const token = req.headers['x-auth-token'];
  const auth = typeof token === 'string' ? opts.authenticate(opts.cloud, token) : undefined;
  if (!auth) throw new ApiError(401, 'The request you have made requires authentication.');
  return auth;
}

function parseJson(req: EmuRequest): unknown {
  const type = String(req.headers['content-type'] ?? '');
  if (req.raw.length === 0 || !type.includes('json')) return undefined;
  try {
    return JSON.parse(req.raw.toString('utf8'));
  } catch {
    throw new ApiError(400, 'Malformed request body');
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function outgoing(reply: EmuReply, extra: Record<string, string>): Outgoing {
  const headers: Record<string, string> = { ...extra, ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.raw !== undefined) {
    payload = Buffer.isBuffer(reply.raw) ? reply.raw : Buffer.from(reply.raw);
    headers['Content-Type'] = reply.contentType ?? 'application/octet-stream';
  } else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    headers['Content-Type'] = reply.contentType ?? 'application/json';
  }
  headers['Content-Length'] = String(payload?.length ?? 0);
  return { lost: false, status: reply.status, headers, payload };
}
