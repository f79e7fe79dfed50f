/**
 * The REST edge's per-address limits (issue 13 items 4 and 7) on the domain's one-minute windows
 * (`domain/address-windows.ts`): the refusal they share, and the limit on changing requests.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.ts';
import { AddressWindows } from '../../domain/address-windows.ts';
import { errors } from '../../domain/errors.ts';
import { isLoopbackHost } from '../../domain/listen-policy.ts';
import type { Clock } from '../../time/clock.ts';
import { syncHook } from './sync-hook.ts';

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
  const windows = new AddressWindows();
  scope.addHook(
    'onRequest',
    syncHook((request: FastifyRequest, reply: FastifyReply) => {
      if (!changing.has(request.method)) return;
      if (isLoopbackHost(request.ip) && !o.config.bool('rest.ratelimit.loopback')) return;
      const limit = o.config.number('rest.ratelimit.mutating.per.minute');
      const now = o.clock.now();
      const wait = windows.retryAfterSecs(request.ip, limit, now);
      if (wait !== undefined) refuseWithRetryAfter(reply, wait, errors.tooManyRequests(limit, wait));
      windows.count(request.ip, now);
    }),
  );
}
