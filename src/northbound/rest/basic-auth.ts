/**
 * Optional HTTP Basic authentication of the REST API (esc-interface.md §1.1: off by default, one
 * REST user, `admin`/`cisco123` unless `escadm rest set` changed it). `rest.auth.enabled` is read
 * per request, so a run-time change (CONF-3) takes effect at once; the user is checked by the
 * credential store (`config/credentials.ts`: salted scrypt hashes, compared in constant time).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.ts';
import type { Credentials } from '../../config/credentials.ts';
import { errors } from '../../domain/errors.ts';

export const authRealm = 'ESCManager';

/** Adds the check as an `onRequest` hook of `scope` (the `/ESCManager/v0` plugin). */
export function registerBasicAuth(scope: FastifyInstance, o: { config: Config; credentials: Pick<Credentials, 'verify'> }): void {
  scope.addHook('onRequest', async (request, reply) => {
    if (!o.config.bool('rest.auth.enabled')) return;
    const given = basicCredentials(request.headers.authorization);
    if (given && (await o.credentials.verify('rest', given.username, given.password))) return;
    reply.header('WWW-Authenticate', `Basic realm="${authRealm}", charset="UTF-8"`);
    throw errors.unauthenticated();
  });
}

/** The user and password of a Basic `Authorization` header (RFC 7617: the user ends at the first ':'). */
export function basicCredentials(authorization: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
