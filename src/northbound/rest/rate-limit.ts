/**
 * Per-client-address counts over one-minute windows (issue 13 items 4 and 7): failed logins, and
 * changing requests (POST, PUT, DELETE, PATCH). A window starts at an address's first counted event
 * and lasts a minute; past the limit the address waits for the window's end (`Retry-After`).
 * Counters live in memory: a restart forgets them, which costs an attacker nothing it did not have.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.ts';
import { errors } from '../../domain/errors.ts';
import { isLoopbackHost } from '../../domain/listen-policy.ts';
import type { Clock } from '../../time/clock.ts';

const windowMs = 60_000;
/** Above this many addresses, ended windows are swept on the next count (bounds the memory a spray of addresses takes). */
const sweepAbove = 10_000;

export class AddressWindows {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #clock: Pick<Clock, 'now'>;

  constructor(clock: Pick<Clock, 'now'>) {
    this.#clock = clock;
  }

  /** Whole seconds until `address` may go on, when it has used `limit` in its current window; else undefined (a limit of 0: none). */
  retryAfterSecs(address: string, limit: number): number | undefined {
    const window = this.#current(address);
    if (limit <= 0 || !window || window.count < limit) return undefined;
    return Math.max(1, Math.ceil((window.start + windowMs - this.#clock.now()) / 1000));
  }

  count(address: string): void {
    const now = this.#clock.now();
    if (this.#windows.size > sweepAbove) for (const [key, w] of this.#windows) if (now >= w.start + windowMs) this.#windows.delete(key);
    const window = this.#current(address);
    if (window) window.count++;
    else this.#windows.set(address, { start: now, count: 1 });
  }

  #current(address: string): { start: number; count: number } | undefined {
    const window = this.#windows.get(address);
    return window && this.#clock.now() < window.start + windowMs ? window : undefined;
  }
}

/** Sends the refusal's `Retry-After` and throws it, in the error format of the request. */
export function refuseWithRetryAfter(reply: FastifyReply, retryAfterSecs: number, refusal: Error): never {
  reply.header('Retry-After', String(retryAfterSecs));
  throw refusal;
}

const changing = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/**
 * `rest.ratelimit.mutating.per.minute` changing requests per client address (read per request, so a
 * run-time change applies at once); loopback clients, the operator's own tools, are exempt unless
 * `rest.ratelimit.loopback`.
 */
export function registerMutatingRateLimit(scope: FastifyInstance, o: { config: Config; clock: Pick<Clock, 'now'> }): void {
  const windows = new AddressWindows(o.clock);
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!changing.has(request.method)) return;
    if (isLoopbackHost(request.ip) && !o.config.bool('rest.ratelimit.loopback')) return;
    const limit = o.config.number('rest.ratelimit.mutating.per.minute');
    const wait = windows.retryAfterSecs(request.ip, limit);
    if (wait !== undefined) refuseWithRetryAfter(reply, wait, errors.tooManyRequests(limit, wait));
    windows.count(request.ip);
  });
}
