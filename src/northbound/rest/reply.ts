/**
 * The two shapes of a successful answer: a document in the negotiated format, and the answer to an
 * accepted asynchronous request, which always carries `ESC-Transaction-Id` (this one spelling
 * everywhere; esc-interface.md §1.1) so the client can match the callbacks that follow.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Accepted } from '../../engine/api.ts';
import { mediaTypeOf, responseFormat, type Format } from './content.ts';

export const transactionIdHeader = 'ESC-Transaction-Id';

export function formatOf(request: FastifyRequest): Format {
  return responseFormat(request.headers.accept);
}

export function sendDocument(reply: FastifyReply, status: number, render: (format: Format) => string): FastifyReply {
  const format = formatOf(reply.request);
  return reply.code(status).type(mediaTypeOf[format]).send(render(format));
}

export function sendAccepted(
  reply: FastifyReply,
  accepted: Accepted,
  answer: { status: number; render?: (format: Format) => string },
): FastifyReply {
  // Set on the raw response: fastify lower-cases the names it keeps, and this one is sent as spelled.
  reply.raw.setHeader(transactionIdHeader, accepted.operationId);
  if (answer.render) return sendDocument(reply, answer.status, answer.render);
  return reply.code(answer.status).send();
}
