/**
 * Optional HTTP Basic authentication of the REST API (esc-interface.md §1.1: off by default, one
 * REST user, `admin`/`cisco123` unless changed). Configuration `rest.auth.enabled`,
 * `rest.auth.username`, `rest.auth.password` is read per request, so a run-time change (CONF-3)
 * takes effect at once. Credentials are compared in constant time over fixed-length digests, so
 * neither their content nor their length leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.ts';
import { errors } from '../../domain/errors.ts';

export const authRealm = 'ESCManager';

/** Adds the check as an `onRequest` hook of `scope` (the `/ESCManager/v0` plugin). */
export function registerBasicAuth(scope: FastifyInstance, config: Config): void {
  scope.addHook('onRequest', async (request, reply) => {
    if (!config.bool('rest.auth.enabled')) return;
    if (credentialsMatch(request.headers.authorization, config)) return;
    reply.header('WWW-Authenticate', `Basic realm="${authRealm}", charset="UTF-8"`);
    throw errors.unauthenticated();
  });
}

export function credentialsMatch(authorization: string | undefined, config: Config): boolean {
  const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'base64').toString('utf8');
  const expected = `${config.string('rest.auth.username')}:${config.string('rest.auth.password')}`;
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
