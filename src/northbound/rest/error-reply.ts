/**
 * Turns every failure into a status and an error body in the requested format (house rule 5:
 * callers branch on `code`, never on text). Domain errors keep their own message, which names the
 * object and the rule; fastify's errors get a message naming the limit or header at fault.
 * Unexpected errors are logged with their cause chain and answered with a bland 500, never a stack.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../domain/errors.ts';
import { mediaTypeOf, responseFormat } from './content.ts';
import { renderErrorBody } from './error-body.ts';
import { fastifyStatusOf, httpStatusOf, retryAfterSecsOf } from './error-status.ts';

export interface ErrorReplyOptions {
  bodyLimit: number;
}

export function registerErrorReplies(app: FastifyInstance, opts: ErrorReplyOptions): void {
  app.setErrorHandler(errorReply(opts));
  app.setNotFoundHandler((request, reply) => {
    sendError(request, reply, 404, `no route ${request.method} ${request.url.split('?')[0]}`);
  });
}

/**
 * The error handler; also given to fastify as `frameworkErrors`, so errors the router raises before
 * any route is chosen (a malformed URL, an over-long path parameter) get the same body.
 */
export function errorReply(opts: ErrorReplyOptions) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const { status, message } = describe(err, request, opts);
    const retryAfter = isDomainError(err) ? retryAfterSecsOf[err.code] : undefined;
    if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ status, reason: message }, 'request refused');
    sendError(request, reply, status, message);
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
  const format = responseFormat(request.headers.accept);
  return reply.code(status).type(mediaTypeOf[format]).send(renderErrorBody(status, message, format));
}

function describe(err: FastifyError, request: FastifyRequest, opts: ErrorReplyOptions): { status: number; message: string } {
  if (isDomainError(err)) return { status: httpStatusOf[err.code], message: err.message };
  const status = err.code === undefined ? undefined : fastifyStatusOf[err.code];
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: `request body exceeds the limit of ${opts.bodyLimit} bytes (rest.body.limit.bytes)` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        message: `unsupported Content-Type ${request.headers['content-type'] ?? '(none)'}: use application/xml, text/xml or application/json`,
      };
  }
  if (status !== undefined) return { status, message: err.message };
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, message: err.message };
  }
  return { status: 500, message: `internal error; see the server log for request ${request.id}` };
}
