/**
 * Optional HTTP Basic authentication of the REST API (esc-interface.md §1.1: off by default, one
 * REST user, `admin`/`cisco123` unless `escadm rest set` changed it). `rest.auth.enabled` is read
 * per request, so a run-time change (CONF-3) takes effect at once; the user is checked by the
 * credential store (`config/credentials.ts`: salted scrypt hashes, compared in constant time).
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Config } from '../../config/config.ts';
import type { Credentials } from '../../config/credentials.ts';
import { AddressWindows } from '../../domain/address-windows.ts';
import { errors } from '../../domain/errors.ts';
import { isLoopbackHost } from '../../domain/listen-policy.ts';
import type { Clock } from '../../time/clock.ts';
import { refuseWithRetryAfter } from './rate-limit.ts';

export const authRealm = 'ESCManager';

export interface BasicAuthOptions {
  config: Config;
  credentials: Pick<Credentials, 'verify'>;
  clock: Pick<Clock, 'now'>;
}

export type RequestCheck = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The check (the API scope's `onRequest` hook through `authHook`, GET /metrics's through
 * `metricsAuthCheck`): with `rest.auth.enabled`, the REST user's credentials, and at
 * most `rest.auth.failures.per.minute` failed logins per client address (issue 13 item 4: past it,
 * 429 with `Retry-After`, whatever the credentials, so guessing costs a minute per few tries).
 */
export function basicAuthCheck(o: BasicAuthOptions): RequestCheck {
  const failures = new AddressWindows();
  return async (request, reply) => {
    if (!o.config.bool('rest.auth.enabled')) return;
    const wait = failures.retryAfterSecs(request.ip, o.config.number('rest.auth.failures.per.minute'), o.clock.now());
    if (wait !== undefined) refuseWithRetryAfter(reply, wait, errors.tooManyFailedLogins(wait));
    const given = basicCredentials(request.headers.authorization);
    if (given && (await o.credentials.verify('rest', given.username, given.password))) return;
    // A request without credentials is a client asking which scheme to use, not a guess.
    if (given) failures.count(request.ip, o.clock.now());
    reply.header('WWW-Authenticate', `Basic realm="${authRealm}", charset="UTF-8"`);
    throw errors.unauthenticated();
  };
}

/**
 * The check as the API scope's `onRequest` hook: with auth off (the default) it lets the request on
 * at once, without the promise an async hook costs per request (issue 14).
 */
export function authHook(config: Config, check: RequestCheck) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (!config.bool('rest.auth.enabled')) return done();
    check(request, reply).then(() => done(), done);
  };
}

/**
 * `GET /metrics` with REST auth on: the same check unless `metrics.auth` is false or the client is
 * on this machine (a local Prometheus agent needs no password; issue 13 item 4).
 */
export function metricsAuthCheck(config: Config, check: RequestCheck): RequestCheck {
  return async (request, reply) => {
    if (!config.bool('metrics.auth') || isLoopbackHost(request.ip)) return;
    await check(request, reply);
  };
}

/** The user and password of a Basic `Authorization` header (RFC 7617: the user ends at the first ':'). */
export function basicCredentials(authorization: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
