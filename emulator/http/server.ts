/**
 * The one HTTP listener for every emulated service (devstack-style prefixes on one port). Per
 * request: route → microversion → token → fault rules → latency → handler → persist → reply.
 * A mutating request's state write happens before its response is sent (crash safety), and a
 * `lostResponse` fault drops the socket only after that write.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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

const MAX_BODY = 64 * 1024 * 1024;

export function createHttpServer(opts: HttpOptions): Server {
  return createServer((req, res) => {
    handle(opts, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
}

async function handle(opts: HttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { cloud } = opts;
  const url = new URL(req.url ?? '/', 'http://x');
  const service = opts.services
    .filter((s) => url.pathname === s.prefix || url.pathname.startsWith(s.prefix + '/'))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!service) {
    opts.onUnrouted?.(req.method ?? '', url.pathname);
    return send(res, { status: 404, raw: 'Not Found', contentType: 'text/plain' }, {});
  }
  const raw = await readBody(req);
  const emu: EmuRequest = {
    method: req.method ?? 'GET',
    path: url.pathname.slice(service.prefix.length).replace(/\/+$/, ''),
    fullPath: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: undefined,
    raw,
    params: {},
    baseUrl: `http://${req.headers.host ?? 'localhost'}`,
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
  if (lost) {
    req.socket.destroy();
    return;
  }
  send(res, emu.method === 'HEAD' ? { ...reply, body: undefined, raw: undefined } : reply, { ...idHeaders, ...versionHeaders });
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

function send(res: ServerResponse, reply: EmuReply, extra: Record<string, string>): void {
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
  res.writeHead(reply.status, headers);
  res.end(payload);
}
