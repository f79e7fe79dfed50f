/**
 * The two shapes of a successful answer: a document in the negotiated format, and the answer to an
 * accepted asynchronous request, which always carries `ESC-Transaction-Id` (this one spelling
 * everywhere; esc-interface.md §1.1) so the client can match the callbacks that follow.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Accepted } from '../../engine/api.ts';
import { mediaTypeOf, responseFormat, type Format } from './content.ts';
import type { ReadCache } from './rendered-reads.ts';

export const transactionIdHeader = 'ESC-Transaction-Id';

export function formatOf(request: FastifyRequest): Format {
  return responseFormat(request.headers.accept);
}

export function sendDocument(reply: FastifyReply, status: number, render: (format: Format) => string): FastifyReply {
  const format = formatOf(reply.request);
  return reply.code(status).type(mediaTypeOf[format]).send(render(format));
}

/**
 * A 200 document read from the store: `read` renders it in the negotiated format, unless `reads`
 * keeps that URL's body in that format from the store's current version.
 */
export async function sendStoreRead(reply: FastifyReply, reads: ReadCache, read: (format: Format) => Promise<string>): Promise<FastifyReply> {
  const format = formatOf(reply.request);
  const body = await reads.body(`${format} ${reply.request.url}`, () => read(format));
  return reply.code(200).type(mediaTypeOf[format]).send(body);
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
