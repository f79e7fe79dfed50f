/**
 * A real HTTP callback receiver for outbox tests (127.0.0.1, ephemeral port). It records every
 * request and answers from a script of statuses, then 200; `hang` leaves requests unanswered.
 * `reservePort` finds a port nobody listens on, for "connection refused, receiver starts later".
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
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
