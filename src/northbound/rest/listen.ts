/**
 * The REST listeners (issue 13 items 3 and 7): plain HTTP on `server.host:server.port` unless
 * `rest.http.enabled=false`, HTTPS on `server.host:rest.tls.port` when TLS material is given (the
 * start has made sure one is on: `app/listen-check.ts`); both serve the one fastify app (its `routing`). Each socket is bounded against slow and abusive clients:
 * the request headers within `rest.header.timeout.secs`, the whole request within that plus
 * `rest.body.timeout.secs` (408, connection closed), at most `rest.connections.max` connections (more
 * are dropped as they arrive).
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.ts';

export interface TlsMaterial {
  cert: string;
  key: string;
}

export interface RestListeners {
  /** `http://host:port`, when plain HTTP listens. */
  http?: string;
  /** `https://host:port`, when HTTPS listens. */
  https?: string;
  /** Stops accepting, lets requests in progress finish (call after the app's close began: later requests get 503). */
  close(): Promise<void>;
}

/** Node checks the header and request timeouts on this beat (its default, 30 s, would let a slow client stay 3 times as long). */
const maxTimeoutCheckMs = 1000;

export async function listenRest(app: FastifyInstance, o: { config: Config; tls: TlsMaterial | undefined }): Promise<RestListeners> {
  const { config } = o;
  const httpOn = config.bool('rest.http.enabled');
  await app.ready();
  const headersTimeout = config.number('rest.header.timeout.secs') * 1000;
  const socket = {
    headersTimeout,
    requestTimeout: headersTimeout + config.number('rest.body.timeout.secs') * 1000,
    connectionsCheckingInterval: Math.min(maxTimeoutCheckMs, headersTimeout / 2),
  };
  const handler = app.routing;
  const host = config.string('server.host');
  const started: { scheme: 'http' | 'https'; server: HttpServer }[] = [];
  const listen = async (scheme: 'http' | 'https', server: HttpServer, port: number) => {
    server.maxConnections = config.number('rest.connections.max');
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    started.push({ scheme, server });
  };
  const closeAll = () => Promise.all(started.map(({ server }) => closeServer(server)));
  try {
    if (httpOn) await listen('http', createHttpServer(socket, handler), config.number('server.port'));
    if (o.tls) await listen('https', createHttpsServer({ ...socket, ...o.tls }, handler), config.number('rest.tls.port'));
  } catch (err) {
    await closeAll();
    throw err;
  }
  const urlOf = (scheme: 'http' | 'https') => {
    const server = started.find((s) => s.scheme === scheme)?.server;
    return server && `${scheme}://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
  };
  return { http: urlOf('http'), https: urlOf('https'), close: async () => void (await closeAll()) };
}

/** Stops accepting, closes idle keep-alive connections at once and resolves when the busy ones have answered. */
function closeServer(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
