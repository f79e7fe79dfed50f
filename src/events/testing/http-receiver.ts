/**
 * A real HTTP callback receiver for outbox tests (127.0.0.1, a free port). It records every
 * request and answers from a script of statuses, then 200; `hang` leaves requests unanswered.
 * `reservePort` finds a port nobody listens on, for "connection refused, receiver starts later".
 *
 * Ports are drawn below the kernel's ephemeral range (Linux `ip_local_port_range`, from 32768): a
 * test that closes a listener and listens on its port again (a receiver back after a restart, a
 * manager restarted on its ports) could otherwise find that port taken meanwhile as the source
 * port of some outgoing connection, which the kernel picks from that range (seen: EADDRINUSE).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const lowestPort = 10_000;

function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => reject(err);
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** Listens on a free port below the ephemeral range, drawn at random (taken ones are drawn again). */
async function listenBelowEphemeral(server: Server): Promise<void> {
  const ceiling = ephemeralStart();
  if (ceiling <= lowestPort) return listen(server, 0);
  for (let attempt = 1; ; attempt++) {
    const port = lowestPort + Math.floor(Math.random() * (ceiling - lowestPort));
    try {
      return await listen(server, port);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code !== 'EADDRINUSE' && code !== 'EACCES') || attempt >= 100) throw err;
    }
  }
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly #server: Server;
  readonly #script: (number | 'hang')[] = [];
  readonly #hanging: ServerResponse[] = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(port = 0): Promise<HttpReceiver> {
    const server = createServer();
    const receiver = new HttpReceiver(server);
    server.on('request', (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        receiver.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        const status = receiver.#script.shift() ?? 200;
        if (status === 'hang') receiver.#hanging.push(res);
        else res.writeHead(status).end();
      });
    });
    await (port === 0 ? listenBelowEphemeral(server) : listen(server, port));
    return receiver;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  url(path = '/events'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next requests get these answers, in order; later ones get 200. */
  respondWith(...answers: (number | 'hang')[]): void {
    this.#script.push(...answers);
  }

  /** Request paths with their `ESC-Event-Id`, in arrival order. */
  get eventIds(): string[] {
    return this.requests.map((r) => `${r.path} ${String(r.headers['esc-event-id'])}`);
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((err) => (err ? reject(err) : resolve())));
  }
}

/** A port that was free a moment ago: connecting to it is refused until something listens. */
export async function reservePort(): Promise<number> {
  const receiver = await HttpReceiver.start();
  const port = receiver.port;
  await receiver.close();
  return port;
}
