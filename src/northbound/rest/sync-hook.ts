/**
 * Hooks that never wait, in fastify's callback style: an async hook costs a promise and a few
 * microtask turns on every request, a large share of a cached GET (issue 14). A thrown error goes
 * to `done`, so it is answered as an async hook's rejection would be.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

export function syncHook(check: (request: FastifyRequest, reply: FastifyReply) => void) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    try {
      check(request, reply);
    } catch (err) {
      done(err as Error);
      return;
    }
    done();
  };
}

/** An `onSend` hook that only sets headers: the payload goes on as it is. */
export function syncOnSend(touch: (request: FastifyRequest, reply: FastifyReply) => void) {
  return (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void): void => {
    touch(request, reply);
    done(null, payload);
  };
}
