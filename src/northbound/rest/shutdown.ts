/**
 * Issue 13 item 8: once the manager is closing, a request that still reaches the server (on a
 * keep-alive connection that is mid-request, or accepted before the listener closed) is refused
 * with 503 in our error format; requests already inside finish. Every answer from then on carries
 * `Connection: close`, so no keep-alive connection outlives it to hold the close up.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../../domain/errors.ts';
import { syncHook, syncOnSend } from './sync-hook.ts';

export function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  // preClose runs when close() starts, before the listener and its connections are closed.
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook(
    'onRequest',
    syncHook(() => {
      if (closing) throw errors.shuttingDown();
    }),
  );
  app.addHook(
    'onSend',
    syncOnSend((_request, reply) => {
      if (closing) reply.header('Connection', 'close');
    }),
  );
}
