/**
 * @module A tiny scripted OpenStack for unit tests of the HTTP rules (house rule 12): Keystone
 * answers `POST /v3/auth/tokens` itself (tokens `tok-1`, `tok-2`, … with a catalog pointing back
 * here); every other request must match an expectation queued with `expect`, in order per route.
 * A request nobody expected answers 599 and is recorded; `assertDone()` fails on it and on an
 * expectation that never got its request.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

type Responder = FakeReply | ((req: FakeRequest) => FakeReply);

export class FakeCloud {
  readonly requests: FakeRequest[] = [];
  readonly unexpected: string[] = [];
  authCount = 0;
  /** Scopes asked for, one per token request. */
  readonly authScopes: unknown[] = [];
  /** Token lifetime from the fake's clock, in ms. */
  tokenLifetimeMs = 3_600_000;
  now: () => number = () => Date.now();
  #server: Server;
  #queues = new Map<string, Responder[]>();
  #hanging: (() => void)[] = [];
  url = '';

  constructor() {
    this.#server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const fake: FakeRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
        const reply = this.#answer(fake);
        if (reply.hang) {
          this.#hanging.push(() => res.destroy());
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const h of this.#hanging) h();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Queue replies for `METHOD /path` (path after the service prefix, query included if any). */
  expect(method: string, path: string, ...replies: Responder[]): void {
    const key = `${method} ${path}`;
    this.#queues.set(key, [...(this.#queues.get(key) ?? []), ...replies]);
  }

  assertDone(): void {
    assert.deepEqual(this.unexpected, [], 'requests nobody expected');
    const pending = [...this.#queues].filter(([, q]) => q.length > 0).map(([k, q]) => `${k} ×${q.length}`);
    assert.deepEqual(pending, [], 'expected requests that never came');
  }

  /** Requests to a route, auth excluded. */
  calls(method: string, path: string): FakeRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  #answer(req: FakeRequest): FakeReply {
    if (req.method === 'POST' && req.path === '/identity/v3/auth/tokens') {
      this.authScopes.push((JSON.parse(req.body) as { auth: { scope: unknown } }).auth.scope);
      return this.#token();
    }
    this.requests.push(req);
    const key = `${req.method} ${req.path}`;
    const next = this.#queues.get(key)?.shift();
    if (!next) {
      this.unexpected.push(key);
      return { status: 599, body: { error: { message: `unexpected ${key}` } } };
    }
    return typeof next === 'function' ? next(req) : next;
  }

  #token(): FakeReply {
    this.authCount++;
    const endpoint = (type: string, path: string) => ({
      type,
      endpoints: [{ interface: 'public', region: 'RegionOne', region_id: 'RegionOne', url: `${this.url}${path}` }],
    });
    return {
      status: 201,
      headers: { 'x-subject-token': `tok-${this.authCount}` },
      body: {
        token: {
          expires_at: new Date(this.now() + this.tokenLifetimeMs).toISOString(),
          user: { id: 'u1', name: 'admin' },
          project: { id: 'p1', name: 'admin', domain: { id: 'default', name: 'Default' } },
          catalog: [
            endpoint('compute', '/compute/v2.1'),
            endpoint('image', '/image'),
            endpoint('network', '/network'),
            endpoint('block-storage', '/volume/v3/p1'),
          ],
        },
      },
    };
  }
}

/** A clock whose sleeps return at once, move `now` and are recorded (backoff without waiting). */
export function recordingClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  const sleeps: number[] = [];
  let now = start;
  return {
    sleeps,
    now: () => now,
    advance: (ms: number) => void (now += ms),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}
